"""Bad landing files through the whole pipeline: a run through Dagster on a published warehouse
fails naming the file, the row and the rule, and the warehouse, the lake and the reports stay
byte for byte as they were. Every kind of file once with a fault of the file (unreadable, or a
header without a required column) and once with a rule broken on one row; the other rules are
tried at validation (tests/test_landing.py). A range with a bad day lands and publishes nothing.
"""

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest

from pipelines.config import SAMPLE_DIR
from tests.helpers import built_once, materialize_days, warehouse_env

pytestmark = pytest.mark.e2e  # through Dagster into a temporary warehouse (`make test-fast` leaves it out)

DAY = "2025-11-21"


def published_state(root: Path) -> dict[str, str]:
    """What analysts and readers see: the warehouse, the lake and the reports, file by file."""
    state = {}
    for path in sorted([root / "hkclose.duckdb", *(root / "lake").rglob("*"), *(root / "reports").rglob("*")]):
        if path.is_symlink():
            state[str(path.relative_to(root))] = f"-> {os.readlink(path)}"
        elif path.is_file():
            state[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse with 2025-11-20 built and published from landing files (the sample's)."""

    def build(root: Path) -> None:
        with pytest.MonkeyPatch.context() as env:
            warehouse_env(env, root, source="landing")
            env.setenv("HKCLOSE_LANDING_DIR", str(SAMPLE_DIR))
            assert materialize_days(partition_key="2025-11-20").success

    return built_once(tmp_path_factory, "bad_input_published", build)


@pytest.fixture
def copies(published: Path, tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """A copy of the published warehouse, and of the landing files, for a run to fail on."""
    root, landing = tmp_path / "wh", tmp_path / "landing"
    shutil.copytree(published, root, symlinks=True, ignore=shutil.ignore_patterns(".built"))
    shutil.copytree(SAMPLE_DIR, landing)
    warehouse_env(monkeypatch, root, source="landing")
    monkeypatch.setenv("HKCLOSE_LANDING_DIR", str(landing))
    return root, landing


def rewrite(path: Path, change: Callable[[pl.DataFrame], pl.DataFrame]) -> None:
    change(pl.read_csv(path, infer_schema=False)).write_csv(path)


def renamed(column: str, to: str) -> Callable[[pl.DataFrame], pl.DataFrame]:
    return lambda frame: frame.rename({column: to})


def on_row(number: int, column: str, value: str) -> Callable[[pl.DataFrame], pl.DataFrame]:
    """Set one cell, on the file's `number`th row (the header is row 1)."""
    index = number - 2
    return lambda frame: frame.with_columns(
        pl.when(pl.int_range(pl.len()) == index).then(pl.lit(value)).otherwise(pl.col(column)).alias(column)
    )


def gzipped(path: Path) -> None:
    import gzip

    path.write_bytes(gzip.compress(path.read_bytes()))


# kind: (file, how it breaks, the words the failure must hold)
FILE_FAULTS = {
    "securities": ("securities.csv", renamed("code", "kode"), "securities.csv: missing required column(s): code"),
    "quotes": (f"quotes/{DAY}.csv", gzipped, f"quotes/{DAY}.csv: unreadable"),
    "indexes": (f"indexes/{DAY}.csv", renamed("index_code", "index"), "missing required column(s): index_code"),
    "macro": (
        "macro/releases.csv",
        renamed("value", "amount"),
        "macro/releases.csv: missing required column(s): value",
    ),
    "fx": (f"fx/{DAY}.csv", renamed("hkd_per_unit", "rate"), f"fx/{DAY}.csv: missing required column(s): hkd_per_unit"),
    "notes": (f"notes/{DAY}.csv", gzipped, f"notes/{DAY}.csv: unreadable"),
    "watchlist": (f"watchlist/{DAY}.csv", renamed("code", "ticker"), "missing required column(s): code"),
    "exchange_totals": (f"exchange_totals/{DAY}.csv", gzipped, f"exchange_totals/{DAY}.csv: unreadable"),
    "short_selling": (
        f"short_selling/{DAY}.csv",
        renamed("short_volume", "shorted"),
        "missing required column(s): short_volume",
    ),
    "capital_flows": (f"capital_flows/{DAY}.csv", renamed("channel", "route"), "missing required column(s): channel"),
    "southbound_stocks": (f"southbound_stocks/{DAY}.csv", gzipped, f"southbound_stocks/{DAY}.csv: unreadable"),
}
ROW_FAULTS = {
    "securities": (
        "securities.csv",
        on_row(3, "board", "NASDAQ"),
        "securities.csv: row 3: board is not one of MAIN, GEM",
    ),
    "quotes": (
        f"quotes/{DAY}.csv",
        on_row(4, "close", "-1.5"),
        f"quotes/{DAY}.csv: row 4: close must be greater than 0",
    ),
    "indexes": (
        f"indexes/{DAY}.csv",
        on_row(2, "close", "0"),
        f"indexes/{DAY}.csv: row 2: close must be greater than 0",
    ),
    "macro": ("macro/releases.csv", on_row(3, "value", "n/a"), "macro/releases.csv: row 3: value is not a number"),
    "fx": (
        f"fx/{DAY}.csv",
        on_row(2, "hkd_per_unit", "-1"),
        f"fx/{DAY}.csv: row 2: hkd_per_unit must be greater than 0",
    ),
    "notes": (f"notes/{DAY}.csv", on_row(2, "code", "99999"), f"notes/{DAY}.csv: row 2: code is not in securities"),
    "watchlist": (
        f"watchlist/{DAY}.csv",
        on_row(3, "code", "99999"),
        f"watchlist/{DAY}.csv: row 3: code is not in securities",
    ),
    "exchange_totals": (
        f"exchange_totals/{DAY}.csv",
        on_row(2, "advanced", "many"),
        f"exchange_totals/{DAY}.csv: row 2: advanced is not a whole number",
    ),
    "short_selling": (
        f"short_selling/{DAY}.csv",
        on_row(5, "code", "99999"),
        f"short_selling/{DAY}.csv: row 5: code is not in securities",
    ),
    "capital_flows": (
        f"capital_flows/{DAY}.csv",
        on_row(2, "channel", "Beijing"),
        f"capital_flows/{DAY}.csv: row 2: channel is not one of Shanghai, Shenzhen",
    ),
    "southbound_stocks": (
        f"southbound_stocks/{DAY}.csv",
        on_row(3, "buy_turnover_hkd", "-5"),
        f"southbound_stocks/{DAY}.csv: row 3: buy_turnover_hkd must be at least 0",
    ),
}
FAULTS = [(kind, "file", *fault) for kind, fault in FILE_FAULTS.items()] + [
    (kind, "row", *fault) for kind, fault in ROW_FAULTS.items()
]


def failure_text(result) -> str:
    return "\n".join(
        str(e.event_specific_data.error) for e in result.all_events if e.event_type_value == "STEP_FAILURE"
    )


@pytest.mark.parametrize(("kind", "level", "file", "fault", "said"), FAULTS, ids=[f"{f[0]}-{f[1]}" for f in FAULTS])
def test_a_bad_file_fails_the_run_naming_it_and_changes_nothing_published(
    copies: tuple[Path, Path], kind: str, level: str, file: str, fault, said: str
) -> None:
    root, landing = copies
    before = published_state(root)
    path = landing / file
    fault(path) if fault is gzipped else rewrite(path, fault)
    result = materialize_days(partition_key=DAY)
    assert not result.success
    text = failure_text(result)
    assert f"{DAY}: input rejected, nothing of this day was loaded" in text and said in text, text
    assert published_state(root) == before


def test_a_range_whose_third_day_is_bad_lands_and_publishes_nothing_and_names_every_bad_day(
    copies: tuple[Path, Path],
) -> None:
    root, landing = copies
    before = published_state(root)
    for day in ("2025-11-19", "2025-11-21"):
        rewrite(landing / "quotes" / f"{day}.csv", on_row(4, "close", "-1.5"))
    result = materialize_days(partition_range=("2025-11-17", "2025-11-21"))
    assert not result.success
    text = failure_text(result)
    assert "2 days rejected (2025-11-19, 2025-11-21), so nothing of the range was loaded" in text
    assert "quotes/2025-11-19.csv: row 4: close must be greater than 0" in text
    assert "quotes/2025-11-21.csv: row 4: close must be greater than 0" in text
    # The good days before the bad one (17, 18) were not landed: the lake is as it was, like the
    # warehouse and the reports. Fixing the two files and running the range again lands it whole.
    assert published_state(root) == before
    for day in ("2025-11-19", "2025-11-21"):
        shutil.copy(SAMPLE_DIR / "quotes" / f"{day}.csv", landing / "quotes" / f"{day}.csv")
    assert materialize_days(partition_range=("2025-11-17", "2025-11-21")).success
