"""Trading-day partitions from exchange_calendars (XHKG) plus the repo's overrides, and the schedule."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dagster import RunRequest, SkipReason, build_schedule_context

from pipelines.defs.partitions import trading_days
from pipelines.defs.schedules import daily_close_schedule
from pipelines.market.calendar import TRADING_CALENDAR_SEED, hkex_calendar, write_trading_calendar_seed

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


def evaluate_at(local: datetime) -> RunRequest | SkipReason:
    context = build_schedule_context(scheduled_execution_time=local.replace(tzinfo=HONG_KONG))
    return daily_close_schedule(context)


def test_schedule_runs_the_days_partition_at_1630_on_a_trading_day() -> None:
    request = evaluate_at(datetime(2025, 11, 21, 16, 30))
    assert isinstance(request, RunRequest)
    assert request.partition_key == "2025-11-21"
    assert daily_close_schedule.cron_schedule == "30 16 * * 1-5"
    assert daily_close_schedule.execution_timezone == "Asia/Hong_Kong"


def test_schedule_skips_holidays_and_weekends() -> None:
    assert isinstance(evaluate_at(datetime(2025, 12, 25, 16, 30)), SkipReason)
    assert isinstance(evaluate_at(datetime(2025, 11, 22, 16, 30)), SkipReason)


def test_schedule_requests_only_existing_partitions_for_a_whole_year() -> None:
    day = datetime(2026, 1, 1, 16, 30)
    requested = []
    while day.year == 2026 and day.date() <= date(2026, 11, 25):
        result = evaluate_at(day)
        if isinstance(result, RunRequest):
            requested.append(result.partition_key)
        day += timedelta(days=1)
    assert requested == [d.isoformat() for d in hkex_calendar().trading_days(date(2026, 1, 1), date(2026, 11, 25))]
    assert all(trading_days.has_partition_key(k) for k in requested)
