"""Landing days in the raw lake: as known on the day, atomically, replacing never duplicating."""

import logging
import shutil
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.contract.errors import InvalidDay, Problem
from pipelines.contract.schemas import empty_frame
from pipelines.files import temporary_path
from pipelines.lake.ingest import CHUNK_DAYS, as_known_on_the_day, ingest, land_staged, stage_days
from pipelines.market.calendar import hkex_calendar
from pipelines.sources.simulated import SimulatedSource

DAY = date(2025, 11, 21)


def write_days(lake: Path, days: list) -> None:
    """Stage the days and land them, as ingest does once every day of a run is valid."""
    staging = temporary_path(lake / "landing")
    stage_days(staging, days)
    land_staged(staging, lake, [day for day, _ in days])
    shutil.rmtree(staging)


def test_relanding_a_day_replaces_it_and_leaves_no_temporary_files(tmp_path) -> None:
    lake = tmp_path / "lake"
    first = pl.DataFrame({"currency": ["CNY"], "hkd_per_unit": [1.09]})
    second = pl.DataFrame({"currency": ["CNY", "USD"], "hkd_per_unit": [1.10, 7.78]})
    write_days(lake, [(DAY, {"fx": first})])
    write_days(lake, [(DAY, {"fx": second})])
    rows = duckdb.sql(
        "select trade_date, currency, hkd_per_unit"
        f" from read_parquet('{lake}/fx/*/*.parquet', hive_partitioning = true) order by 2"
    ).fetchall()
    assert rows == [(DAY, "CNY", 1.10), (DAY, "USD", 7.78)]
    assert [p.name for p in (lake / "fx").rglob("*")] == ["trade_date=2025-11-21", "data.parquet"]


def test_a_chunk_lands_each_day_in_its_own_file_and_an_empty_day_replaces_what_it_held(tmp_path) -> None:
    lake = tmp_path / "lake"
    next_day = date(2025, 11, 24)
    held = pl.DataFrame({"currency": ["CNY"], "hkd_per_unit": [1.09]})
    write_days(lake, [(DAY, {"fx": held})])
    rates = pl.DataFrame({"currency": ["USD"], "hkd_per_unit": [7.78]})
    write_days(lake, [(DAY, {"fx": held.clear()}), (next_day, {"fx": rates})])
    rows = duckdb.sql(
        "select trade_date, currency, hkd_per_unit"
        f" from read_parquet('{lake}/fx/*/*.parquet', hive_partitioning = true) order by 1"
    ).fetchall()
    assert rows == [(next_day, "USD", 7.78)]
    assert sorted(p.relative_to(lake).as_posix() for p in lake.rglob("*.parquet")) == [
        "fx/trade_date=2025-11-21/data.parquet",
        "fx/trade_date=2025-11-24/data.parquet",
    ]
    assert pl.read_parquet(lake / "fx" / "trade_date=2025-11-21" / "data.parquet").schema == held.schema
    assert not list(lake.rglob("*.partial"))  # the staging folder is gone


def traced(kind: str, rows: dict) -> pl.DataFrame:
    n = len(next(iter(rows.values())))
    trace = {"trade_date": [DAY] * n, "source_file": ["test.csv"] * n, "source_row": list(range(2, n + 2))}
    schema = empty_frame(kind).schema
    missing = {name: [None] * n for name in schema if name not in trace and name not in rows}  # optional columns
    return pl.DataFrame({**trace, **rows, **missing}, schema=schema)


def test_securities_listed_after_the_day_are_not_known_on_it() -> None:
    securities = traced(
        "securities",
        {
            "code": ["1", "3750"],
            "name": ["A", "CATL"],
            "category": ["Equity"] * 2,
            "board": ["MAIN"] * 2,
            "sector": ["X"] * 2,
            "industry": [None, None],
            "name_zh": [None, None],
            "listed_on": [None, date(2025, 11, 24)],
        },
    )
    assert as_known_on_the_day("securities", securities)["code"].to_list() == ["1"]


def test_macro_snapshot_holds_releases_of_the_past_400_days_up_to_the_day() -> None:
    releases = traced(
        "macro",
        {
            "indicator": ["pmi"] * 3,
            "period": ["2024-08", "2025-10", "2025-11"],
            "released_on": [date(2024, 9, 3), date(2025, 11, 5), date(2025, 12, 3)],
            "value": [49.0, 50.4, 51.0],
            "unit": ["index"] * 3,
            "source": ["HSBC"] * 3,
        },
    )
    assert as_known_on_the_day("macro", releases)["period"].to_list() == ["2025-10"]


class SpoiledLastDay(SimulatedSource):
    """The simulated market, with the range's last day rejected by the contract."""

    def __init__(self, spoiled: date) -> None:
        super().__init__()
        self.spoiled = spoiled

    def read_day(self, trade_date: date):
        if trade_date == self.spoiled:
            raise InvalidDay(trade_date.isoformat(), [Problem("quotes/day.csv", "a planted broken rule", (7,))])
        return super().read_day(trade_date)


def test_a_range_with_an_invalid_day_after_its_first_chunk_lands_nothing(tmp_path) -> None:
    """The first CHUNK_DAYS days are staged before the bad day is read; none of them may land."""
    days = hkex_calendar().trading_days(date(2024, 1, 2), date(2024, 6, 28))[: CHUNK_DAYS + 6]
    lake = tmp_path / "lake"
    before = pl.DataFrame({"currency": ["CNY"], "hkd_per_unit": [1.09]})
    write_days(lake, [(days[0], {"fx": before})])  # what the lake held before the run
    log = logging.getLogger("test")

    with pytest.raises(InvalidDay, match=f"{days[-1]}: input rejected"):
        ingest(SpoiledLastDay(days[-1]), days, lake, log)

    # (The lake's record of its columns, `_columns.json`, is written before any day is read.)
    assert [p.relative_to(lake).as_posix() for p in sorted(lake.rglob("*.parquet"))] == [
        f"fx/trade_date={days[0]}/data.parquet"
    ]
    held = duckdb.sql(f"select currency, hkd_per_unit from read_parquet('{lake}/fx/*/*.parquet')").fetchall()
    assert held == [("CNY", 1.09)]
