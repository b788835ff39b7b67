"""The sample week's figures as the published closing report of 2025-11-21 gives them, and the
reconstructed ones around them, read from the CSV files beside this module.

Each file says row by row (`from_seed`, `close_from_seed`) which figures are the seed report's.
"""

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import polars as pl

SAMPLE_FILES = Path(__file__).parent
SEED_DAY = date(2025, 11, 21)
WEEK = [date(2025, 11, d) for d in (17, 18, 19, 20, 21)]


def _rows(name: str) -> list[dict[str, str]]:
    with (SAMPLE_FILES / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_named_stocks() -> pl.DataFrame:
    """The securities the seed report names, with its figures (and reconstructed gaps)."""
    return pl.read_csv(SAMPLE_FILES / "named_stocks.csv", schema_overrides={"code": pl.String})


@dataclass(frozen=True)
class IndexPath:
    code: str
    seed_close: float
    # Daily % changes of the week, oldest first; the seed day's is the report's.
    changes_pct: tuple[float, ...]


def index_paths() -> list[IndexPath]:
    """Each index's seed-day close and its week of % changes (index_moves.csv)."""
    rows = _rows("index_moves.csv")
    codes = list(dict.fromkeys(row["index_code"] for row in rows))
    paths = []
    for code in codes:
        own = sorted((row for row in rows if row["index_code"] == code), key=lambda row: row["trade_date"])
        seed_close = next(float(row["close"]) for row in own if row["trade_date"] == SEED_DAY.isoformat())
        paths.append(IndexPath(code, seed_close, tuple(float(row["change_pct"]) for row in own)))
    return paths


@dataclass(frozen=True)
class Breadth:
    advancers: int
    decliners: int
    unchanged: int
    suspended: int  # breadth-universe securities suspended that day (not counted)


@cache
def seed_breadth() -> Breadth:
    """The market breadth published for the seed day (market_breadth.csv)."""
    (row,) = (row for row in _rows("market_breadth.csv") if row["trade_date"] == SEED_DAY.isoformat())
    return Breadth(int(row["advancers"]), int(row["decliners"]), int(row["unchanged"]), int(row["suspended"]))


def macro_releases() -> list[tuple[str, ...]]:
    """(indicator, period, value, unit, released_on, source) as text, in the file's order."""
    columns = ("indicator", "period", "value", "unit", "released_on", "source")
    return [tuple(row[c] for c in columns) for row in _rows("macro_releases.csv")]


def fx_rates(day: date) -> dict[str, float]:
    """HKD per unit of each currency on a day (reconstructed)."""
    return {
        row["currency"]: float(row["hkd_per_unit"])
        for row in _rows("fx_rates.csv")
        if row["trade_date"] == day.isoformat()
    }


def notes(day: date) -> list[tuple[str, str, str]]:
    """An editor's one-line reasons for moves, (code, note, note_zh), woven into the report's sentences."""
    return [
        (row["code"], row["note"], row["note_zh"]) for row in _rows("notes.csv") if row["trade_date"] == day.isoformat()
    ]


def watchlist(day: date) -> list[str]:
    """The editor's watchlist ("popular stocks") in order; days without one use the fallback rule."""
    rows = [row for row in _rows("watchlist.csv") if row["trade_date"] == day.isoformat()]
    return [row["code"] for row in sorted(rows, key=lambda row: int(row["position"]))]


def blue_chips() -> pl.DataFrame:
    """Large index constituents at the order of their real level and turnover in the week
    (blue_chips.csv): code, name, close on the seed day, turnover in HKD."""
    return pl.read_csv(Path(__file__).with_name("blue_chips.csv"), schema_overrides={"code": pl.String})


def hsi_constituents_names() -> pl.DataFrame:
    """The Hang Seng Index's 88 constituents on the seed day (hsi_constituents.csv: a dated public
    list, its origin in warehouse/sample/README.md): code without leading zeros, name_bloomberg."""
    return pl.read_csv(SAMPLE_FILES / "hsi_constituents.csv", schema_overrides={"code": pl.String})


def hsi_constituents() -> pl.Series:
    """The constituents' codes."""
    return hsi_constituents_names()["code"]
