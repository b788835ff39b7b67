"""The market simulator: deterministic per date, realistic in shape."""

from datetime import date

import numpy as np
import polars as pl
import pytest

from pipelines.market.calendar import hkex_calendar
from pipelines.market.ticks import spread_table
from pipelines.simulator.macro import all_releases, release_date
from pipelines.simulator.universe import build_universe
from pipelines.sources.simulated import SimulatedSource


@pytest.fixture(scope="module")
def source() -> SimulatedSource:
    return SimulatedSource()


def frames(source: SimulatedSource, day: date) -> dict[str, pl.DataFrame]:
    return {kind: delivery.frame for kind, delivery in source.read_day(day).items()}


def test_the_same_date_gives_the_same_data_whichever_range_it_is_generated_in(source: SimulatedSource) -> None:
    day = date(2019, 6, 3)
    after_a_range = [frames(source, d) for d in hkex_calendar().trading_days(date(2019, 5, 20), day)][-1]
    fresh = frames(SimulatedSource(), day)
    for kind in fresh:
        assert fresh[kind].equals(after_a_range[kind]), kind


def test_prices_sit_on_the_tick_grid_of_their_day(source: SimulatedSource) -> None:
    for day in (date(2016, 3, 1), date(2025, 9, 1)):
        closes = frames(source, day)["quotes"]["close"].drop_nulls().to_numpy()
        assert np.allclose(spread_table(day).round(closes), closes)


def test_securities_list_and_delist_over_the_years(source: SimulatedSource) -> None:
    early = set(frames(source, date(2015, 1, 2))["securities"]["code"])
    late = set(frames(source, date(2024, 12, 31))["securities"]["code"])
    assert 2000 < len(early) < len(late) < 3300
    assert len(early - late) > 100 and len(late - early) > 500


def test_some_securities_are_suspended_and_have_no_close(source: SimulatedSource) -> None:
    quotes = pl.concat(
        frames(source, d)["quotes"] for d in hkex_calendar().trading_days(date(2020, 1, 2), date(2020, 2, 28))
    )
    suspended = quotes.filter(pl.col("status") == "SUSPENDED")
    assert suspended.height > 0 and suspended["close"].null_count() == suspended.height


def test_turnover_concentrates_in_the_largest_names(source: SimulatedSource) -> None:
    turnover = frames(source, date(2023, 3, 1))["quotes"]["turnover"].sort(descending=True)
    assert turnover.head(10).sum() / turnover.sum() > 0.1
    assert (turnover == 0).sum() > 300  # many small names do not trade every day


def test_indexes_move_with_their_constituents_within_limits(source: SimulatedSource) -> None:
    moves = []
    for day in hkex_calendar().trading_days(date(2021, 1, 4), date(2021, 3, 31)):
        indexes = frames(source, day)["indexes"]
        assert set(indexes["index_code"]) == {"HSI", "HSCEI", "HSTECH"}
        moves += ((indexes["close"] / indexes["prev_close"] - 1) * 100).to_list()
    assert 0.3 < np.std(moves) < 3 and max(abs(m) for m in moves) < 20


def test_macro_releases_come_after_their_period_on_weekdays() -> None:
    releases = all_releases()
    assert set(releases["indicator"]) == {
        "unemployment_rate",
        "pmi",
        "m3_yoy",
        "retail_sales_yoy",
        "exports_yoy",
        "trade_balance",
    }
    assert all(d.weekday() < 5 for d in releases["released_on"])
    assert release_date("unemployment_rate", 2025, 10) == date(2025, 11, 18)
    assert release_date("pmi", 2025, 10) == date(2025, 11, 5)
    for indicator, period, released_on in releases.select("indicator", "period", "released_on").iter_rows():
        year, month = map(int, period.split("-"))
        assert released_on > date(year, month, 28), (indicator, period)


def test_every_simulated_security_has_a_real_or_company_shaped_name_in_both_languages() -> None:
    # The delisted and new listings were once named "DELISTED 2004" and "NEW LISTING 2420".
    securities = build_universe().securities
    assert securities.filter(pl.col("name").str.contains(r"^(PLACEHOLDER|DELISTED|NEW LISTING) \d+$")).height == 0
    invented = securities.filter(pl.col("short_name").is_not_null())  # fictional: a proper name and a short one
    assert invented.height == 700 and invented["name"].n_unique() == 700 and invented["name_zh"].n_unique() == 700
    # A real company keeps HKEX's Chinese name of 2025 where its code is still that company's.
    real = securities.filter(pl.col("short_name").is_null())
    assert real.filter(pl.col("name_zh").is_not_null()).height > 0.85 * real.height


def test_every_index_has_its_constituents() -> None:
    # HSTECH once lost every member when sectors became the Hang Seng Industry Classification's.
    members = build_universe().index_members
    assert {code: len(m) for code, m in members.items()} == {"HSI": 89, "HSCEI": 49, "HSTECH": 30}
