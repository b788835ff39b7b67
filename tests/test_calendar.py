"""Trading-day partitions from exchange_calendars (XHKG) plus the repo's overrides, and the daily
sensor's days."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import exchange_calendars
import polars as pl
import pytest
from dagster import (
    PartitionsDefinition,
    TimeWindowPartitionsDefinition,
    partition_loading_context,
)

from pipelines.defs.daily_sensor import decide
from pipelines.defs.partitions import trading_day_partitions, trading_days
from pipelines.market.calendar import (
    CALENDAR_END,
    TRADING_CALENDAR_SEED,
    CalendarExhausted,
    hkex_calendar,
    write_trading_calendar_seed,
)
from pipelines.simulator.macro import all_releases

HONG_KONG = ZoneInfo("Asia/Hong_Kong")


@pytest.mark.parametrize(
    ("day", "is_partition"),
    [
        ("2025-12-25", False),
        ("2025-12-24", True),
        ("2024-09-06", False),
        ("2025-11-21", True),
        ("2023-09-08", False),
        ("2023-09-01", False),
        ("2015-01-02", True),
        ("2025-01-29", False),
    ],
)
def test_partitions_are_hkex_trading_days(day: str, is_partition: bool) -> None:
    assert trading_days.has_partition_key(day) is is_partition


def test_no_saturday_or_sunday_is_ever_a_partition() -> None:
    keys = trading_days.get_partition_keys()
    assert keys[0] == "2015-01-02"
    assert all(date.fromisoformat(k).weekday() < 5 for k in keys)


def test_half_days_are_trading_days_and_flagged() -> None:
    calendar = hkex_calendar()
    for day in (date(2025, 12, 24), date(2025, 12, 31), date(2025, 1, 28)):
        assert calendar.is_trading_day(day) and calendar.is_half_day(day)
    assert not calendar.is_half_day(date(2025, 11, 21))


def test_ten_years_hold_2460_trading_days() -> None:
    # exchange_calendars counts 2,462; the overrides close 2023-09-01 and 2023-09-08.
    assert len(hkex_calendar().trading_days(date(2015, 1, 2), date(2024, 12, 31))) == 2460


def test_previous_and_next_trading_days_skip_holidays() -> None:
    assert hkex_calendar().previous_trading_day(date(2025, 12, 29)) == date(2025, 12, 24)
    assert hkex_calendar().next_trading_day(date(2025, 12, 24)) == date(2025, 12, 29)


def test_the_first_partition_has_a_day_before_it() -> None:
    # Rendering the report of 2015-01-02 once looked for a trading day before 2015 forever.
    assert hkex_calendar().previous_trading_day(date(2015, 1, 2)) == date(2014, 12, 31)


def test_calendar_seed_is_what_the_library_and_overrides_say(tmp_path) -> None:
    write_trading_calendar_seed(tmp_path / "hkex_calendar.csv")
    assert (tmp_path / "hkex_calendar.csv").read_text() == TRADING_CALENDAR_SEED.read_text()


def test_the_sensor_asks_for_no_run_on_holidays_and_closures() -> None:
    # On a closed day at 16:30 the day due is still the trading day before it, requested already.
    for closed, before in ((date(2025, 12, 25), "2025-12-24"), (date(2023, 9, 8), "2023-09-07")):
        tick = datetime(closed.year, closed.month, closed.day, 16, 30, tzinfo=HONG_KONG)
        decided = decide(tick, {"requested": before}, AlwaysPublished(), lambda day: False)
        assert decided.run_day is None and not trading_days.has_partition_key(closed.isoformat())
    # The closures of calendar_overrides.csv (exchange_calendars has both days as trading days).
    assert not trading_days.has_partition_key("2023-09-01")


# HKEX's weekday holidays of 2025, from its published holiday list (Tuen Ng, 31 May, is a Saturday;
# no typhoon or rainstorm closed the market that year), written out by hand rather than taken from
# the calendar under test.
HOLIDAYS_2025 = [
    date(2025, 1, 1),  # New Year's Day
    date(2025, 1, 29),  # Lunar New Year
    date(2025, 1, 30),
    date(2025, 1, 31),
    date(2025, 4, 4),  # Ching Ming
    date(2025, 4, 18),  # Good Friday
    date(2025, 4, 21),  # Easter Monday
    date(2025, 5, 1),  # Labour Day
    date(2025, 5, 5),  # Buddha's Birthday
    date(2025, 7, 1),  # HKSAR Establishment Day
    date(2025, 10, 1),  # National Day
    date(2025, 10, 7),  # the day after Mid-Autumn
    date(2025, 10, 29),  # Chung Yeung
    date(2025, 12, 25),  # Christmas
    date(2025, 12, 26),
]
HALF_DAYS_2025 = [date(2025, 1, 28), date(2025, 12, 24), date(2025, 12, 31)]  # they trade (mornings only)


def schedule_ticks(year: int) -> list[datetime]:
    """16:30 Hong Kong time, Monday to Friday, in the year: when the daily sensor first looks at a day."""
    day, ticks = date(year, 1, 1), []
    while day.year == year:
        if day.weekday() < 5:
            ticks.append(datetime(day.year, day.month, day.day, 16, 30, tzinfo=HONG_KONG))
        day += timedelta(days=1)
    return ticks


class AlwaysPublished:
    def waiting_for(self, trade_date: date) -> list[str]:
        return []


def runs_of_the_schedule(year: int) -> dict[datetime, str | None]:
    """The partition the daily sensor requests at 16:30 each weekday of the year (its publications
    out at once), None where it requests nothing."""
    runs, cursor = {}, {"requested": f"{year - 1}-12-31"}  # the year before is done
    for tick in schedule_ticks(year):
        decided = decide(tick, cursor, AlwaysPublished(), lambda day: False)
        runs[tick], cursor = (decided.run_day.isoformat() if decided.run_day else None), decided.cursor
    return runs


def requested_but_missing_then(partitions_def: PartitionsDefinition, runs: dict[datetime, str | None]) -> list[str]:
    """The requested partitions that do not exist, as the newest partition, at the tick that requests them."""
    missing = []
    for tick, key in runs.items():
        if key is None:
            continue
        # The partitions as Dagster sees them at the tick, not at the time the test runs.
        with partition_loading_context(effective_dt=tick):
            if not (partitions_def.has_partition_key(key) and partitions_def.get_last_partition_key() == key):
                missing.append(key)
    return missing


def test_schedule_requests_only_existing_partitions_for_a_whole_year() -> None:
    runs = runs_of_the_schedule(2025)
    requested = [key for key in runs.values() if key is not None]
    skipped = [tick.date() for tick, key in runs.items() if key is None]

    # Each trading day's tick runs that day's partition; every other weekday's tick skips.
    assert all(key == tick.date().isoformat() for tick, key in runs.items() if key is not None)
    assert skipped == HOLIDAYS_2025
    assert all(day.isoformat() in requested for day in HALF_DAYS_2025)
    assert requested == [d.isoformat() for d in hkex_calendar().trading_days(date(2025, 1, 1), date(2025, 12, 31))]
    assert (len(runs), len(requested)) == (261, 246)  # weekdays, trading days
    assert all(trading_days.has_partition_key(key) for key in requested)
    assert not any(trading_days.has_partition_key(day.isoformat()) for day in skipped)

    # At 16:30 the day's partition already exists (end_offset=1): the run it requests can start.
    assert requested_but_missing_then(trading_days, runs) == []

    # The regression end_offset=1 guards against: without it a day's partition appears only at
    # midnight, after its tick, and every run the schedule requests would be for a missing partition.
    without_offset = TimeWindowPartitionsDefinition(
        cron_schedule=trading_days.cron_schedule,
        start=trading_days.start,
        fmt=trading_days.fmt,
        timezone=trading_days.timezone,
        end_offset=0,
        exclusions=list(trading_days.exclusions),
    )
    # The same trading days otherwise: at any moment, all of them but the one in progress.
    new_year = datetime(2026, 1, 1, tzinfo=HONG_KONG)
    with_offset = trading_days.get_partition_keys(current_time=new_year)
    assert without_offset.get_partition_keys(current_time=new_year) == with_offset[:-1]
    assert with_offset[-1] == "2026-01-02"
    assert requested_but_missing_then(without_offset, runs) == requested


# --- the calendar does not run out --------------------------------------------------------------


def partitions_as_of(moment: datetime, partitions: PartitionsDefinition = trading_days) -> set[str]:
    """Every partition key as Dagster sees the set at `moment` (the set grows with time)."""
    with partition_loading_context(effective_dt=moment):
        return set(partitions.get_partition_keys())


def test_every_trading_day_to_2049_is_a_partition_and_no_holiday_is() -> None:
    # Read by the library directly, not through the calendar under test.
    sessions = exchange_calendars.get_calendar("XHKG", start="2028-01-01", end="2049-12-31").sessions
    expected = {ts.date().isoformat() for ts in sessions}
    loaded_late = trading_day_partitions(date(2048, 6, 1))  # the code location as loaded in 2048
    keys = {k for k in partitions_as_of(datetime(2060, 1, 1, tzinfo=HONG_KONG), loaded_late) if k >= "2028"}
    assert keys == expected and len(keys) > 5000
    # 2028's Lunar New Year, and Christmas 2049 (a Saturday) given on the Monday after.
    for holiday in ("2028-01-26", "2028-01-27", "2028-01-28", "2049-12-27"):
        assert holiday not in keys
    assert {"2028-01-25", "2028-01-31", "2049-12-28", "2049-12-31"} <= keys
    # The same set whatever day it is read: the horizon is the library's, not the clock's.
    assert {k for k in partitions_as_of(datetime(2029, 6, 1, tzinfo=HONG_KONG), loaded_late) if k >= "2028"} == {
        k for k in expected if k < "2029-06-02"
    }


def test_partitions_loaded_today_run_to_the_end_of_next_year_and_not_a_day_past() -> None:
    loaded = trading_day_partitions(date(2026, 12, 3))
    sessions = exchange_calendars.get_calendar("XHKG", start="2027-01-01", end="2027-12-31").sessions
    keys = partitions_as_of(datetime(2030, 1, 1, tzinfo=HONG_KONG), loaded)
    assert {k for k in keys if k >= "2027"} == {ts.date().isoformat() for ts in sessions}
    assert max(keys) == "2027-12-31" and not loaded.has_partition_key("2028-01-03")


def test_past_the_calendars_horizon_a_day_is_refused_naming_the_upgrade() -> None:
    calendar = hkex_calendar()
    assert calendar.horizon == CALENDAR_END == date(2049, 12, 31)
    assert calendar.is_trading_day(date(2049, 12, 31)) and not calendar.is_trading_day(date(2049, 12, 27))
    with pytest.raises(CalendarExhausted, match=r"2050-01-03 is past 2049-12-31.*upgrade exchange_calendars"):
        calendar.is_trading_day(date(2050, 1, 3))
    # Loaded in 2049, or any later year, the partitions end with the calendar.
    for loaded_on in (date(2049, 3, 1), date(2052, 3, 1)):
        with partition_loading_context(effective_dt=datetime(2060, 1, 1, tzinfo=HONG_KONG)):
            assert trading_day_partitions(loaded_on).get_last_partition_key() == "2049-12-31"


def test_the_simulators_macro_releases_run_to_the_horizon_and_keep_their_earlier_values() -> None:
    releases = all_releases()
    assert releases["period"].max() == "2049-12"
    # The values of December 2027, as the simulator gave them when its horizon was 2027.
    december_2027 = dict(releases.filter(pl.col("period") == "2027-12").select("indicator", "value").iter_rows())
    assert december_2027 == {
        "unemployment_rate": 4.0,
        "pmi": 50.2,
        "m3_yoy": 5.8,
        "retail_sales_yoy": -1.8,
        "exports_yoy": -0.0,
        "trade_balance": -38.3,
    }
