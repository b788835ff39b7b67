"""A user's own files in the landing layout (docs/data-contract.md), CSV or Parquet."""

import csv
import io
from datetime import date, time
from pathlib import Path

import polars as pl

from pipelines.config import Settings
from pipelines.contract.delivery import Delivery
from pipelines.contract.errors import InvalidDay, Problem
from pipelines.contract.validation import missing_columns

# How a kind's files are found: `securities.csv` is the one master file; the daily kinds have one
# file per day in their folder; the macro log is every file in its folder.
DAILY_FOLDERS = (
    "quotes",
    "indexes",
    "fx",
    "notes",
    "watchlist",
    "exchange_totals",
    "short_selling",
    "capital_flows",
    "southbound_stocks",
    "index_constituents",
)
LOG_FOLDERS = ("macro",)
REQUIRED_KINDS = ("securities", "quotes", "indexes")
# A day's landing files are due when HKEX's own publications are (sources/hkex/publication.py).
LANDING_FILES_DUE = time(18, 0)
CODE_COLUMNS = ("code",)


# What a file that is not text starts with (or holds), and what to tell its sender.
BINARY_SIGNATURES = (
    (b"\x1f\x8b", "it is gzip-compressed: unpack it"),
    (b"PK\x03\x04", "it is a zip archive (or an xlsx workbook): save it as CSV"),
    (b"PAR1", "it is Parquet: name it .parquet"),
)
HEADER_ROWS_CHECKED = 50


def not_csv_text(path: Path) -> str | None:
    """Why a `.csv` file is not CSV text at all (compressed, an archive, binary), else None."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    for signature, advice in BINARY_SIGNATURES:
        if head.startswith(signature):
            return f"unreadable file: not CSV text, {advice}"
    if b"\x00" in head:
        return "unreadable file: not CSV text (it holds binary data)"
    return None


def header_disagreement(path: Path) -> str | None:
    """Why the header and the rows of a CSV cannot be matched: a column named twice, or a header
    with more (or fewer) fields than every row under it, which would shift every value."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        widths = {len(row) for _, row in zip(range(HEADER_ROWS_CHECKED), reader, strict=False) if row}
    names = [name.strip().lower() for name in header]
    twice = sorted({name for name in names if names.count(name) > 1})
    named_twice = f"; {', '.join(twice)} appears twice in it" if twice else ""
    if len(widths) == 1 and (width := widths.pop()) != len(header):
        return f"the header has {len(header)} columns but the rows have {width}: they disagree{named_twice}"
    if twice:
        return f"the header names {', '.join(twice)} twice"
    return None


def truncated_last_line(path: Path) -> tuple[int, str] | None:
    """(row, why) when a CSV stops in the middle of its last row (no final newline, fields missing)."""
    data = path.read_bytes()
    if data.endswith(b"\n"):
        return None
    text = data.decode("utf-8", errors="replace").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    if len(rows) < 2 or len(rows[-1]) >= len(rows[0]):
        return None
    return len(rows), f"the last line is cut short ({len(rows[-1])} of {len(rows[0])} fields, no final newline)"


class LandingSource:
    """The user's files, dropped into the landing folder after each close."""

    published_by: time | None = LANDING_FILES_DUE
    replayable = False

    def __init__(
        self,
        root: Path,
        name: str = "landing",
        kinds: tuple[str, ...] = ("securities", *DAILY_FOLDERS, *LOG_FOLDERS),
        required: tuple[str, ...] = REQUIRED_KINDS,
    ) -> None:
        self.root = root
        self.name = name
        self.kinds = kinds
        self.required = required

    @classmethod
    def from_settings(cls, settings: Settings) -> "LandingSource":
        return cls(settings.landing_dir)

    def read_day(self, trade_date: date) -> dict[str, Delivery]:
        problems: list[Problem] = []
        delivered: dict[str, Delivery] = {}
        for kind, paths in self._candidates(trade_date).items():
            if kind not in self.kinds:
                continue
            if not paths:
                if kind in self.required:
                    problems.append(Problem(self._label(self.root / kind), f"no {kind} file for {trade_date}"))
                continue
            frames = []
            for path in paths:
                frame, problem = self._read(kind, path, trade_date)
                if problem:
                    problems.append(problem)
                elif frame is not None:
                    frames.append(frame)
            if frames:
                label = self._label(paths[0]) if len(paths) == 1 else self._label(paths[0].parent) + "/*"
                delivered[kind] = Delivery(label, pl.concat(frames, how="diagonal_relaxed"))
        if problems:
            raise InvalidDay(trade_date.isoformat(), problems)
        return delivered

    def waiting_for(self, trade_date: date) -> list[str]:
        """The required files of the day that are not there yet."""
        present = self._candidates(trade_date)
        names = {kind: "securities" if kind == "securities" else f"{kind}/{trade_date}" for kind in self.required}
        return [f"{self.root / names[kind]}.csv (or .parquet)" for kind in self.required if not present[kind]]

    def kinds_present(self, trade_date: date) -> set[str]:
        """The kinds that have a file for the day (unread, so unchecked)."""
        return {kind for kind, paths in self._candidates(trade_date).items() if paths and kind in self.kinds}

    def _candidates(self, trade_date: date) -> dict[str, list[Path]]:
        """The files of each kind that serve the day."""
        return {
            "securities": self._files(self.root, "securities"),
            **{kind: self._files(self.root / kind, trade_date.isoformat()) for kind in DAILY_FOLDERS},
            **{kind: sorted(self._files_in(self.root / kind)) for kind in LOG_FOLDERS},
        }

    def _label(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)

    @staticmethod
    def _files(folder: Path, stem: str) -> list[Path]:
        return [p for p in (folder / f"{stem}.csv", folder / f"{stem}.parquet") if p.is_file()]

    @staticmethod
    def _files_in(folder: Path) -> list[Path]:
        if not folder.is_dir():
            return []
        return [p for p in folder.iterdir() if p.suffix in (".csv", ".parquet") and p.is_file()]

    def _read(self, kind: str, path: Path, trade_date: date) -> tuple[pl.DataFrame | None, Problem | None]:
        label = self._label(path)
        if path.stat().st_size == 0:
            return None, Problem(label, "file is empty")
        try:
            if path.suffix == ".csv":
                binary = not_csv_text(path)
                if binary:
                    return None, Problem(label, binary)
                truncated = truncated_last_line(path)
                if truncated:
                    return None, Problem(label, truncated[1], (truncated[0],))
                disagreement = header_disagreement(path)
                if disagreement:
                    return None, Problem(label, disagreement)
                frame = pl.read_csv(path, infer_schema=False, encoding="utf8")
                first_row = 2  # the header is row 1
            else:
                frame = pl.read_parquet(path)
                first_row = 1
        except UnicodeDecodeError:
            return None, Problem(label, "is not UTF-8 text")
        except (pl.exceptions.PolarsError, OSError, csv.Error) as error:
            reason = (
                "is not UTF-8 text" if "utf-8" in str(error).lower() else f"cannot be read: {error}".splitlines()[0]
            )
            return None, Problem(label, reason)
        frame = frame.rename({c: c.strip().lstrip("\ufeff").lower() for c in frame.columns})
        if frame.height == 0:
            return None, Problem(label, "file has a header but no rows")
        missing = missing_columns(kind, frame.columns)
        if missing:
            return None, Problem(label, f"missing required column(s): {', '.join(missing)}")
        frame = frame.with_row_index("source_row", offset=first_row).with_columns(pl.col("source_row").cast(pl.Int64))
        frame = frame.with_columns(
            pl.col(c).cast(pl.String).str.strip_chars().str.strip_chars_start("0")
            for c in CODE_COLUMNS
            if c in frame.columns
        )
        if "trade_date" in frame.columns:
            other_day = frame.filter(pl.col("trade_date").cast(pl.String) != trade_date.isoformat())
            if other_day.height:
                rows = tuple(other_day["source_row"].to_list())
                return None, Problem(label, f"rows carry a trade_date other than {trade_date}", rows)
        return frame, None
