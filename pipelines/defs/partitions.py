"""One partition per HKEX trading day, keyed YYYY-MM-DD in Hong Kong time."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from dagster import TimeWindowPartitionsDefinition

from pipelines.market.calendar import hkex_calendar

FIRST_TRADING_DAY = "2015-01-02"
TIMEZONE = "Asia/Hong_Kong"

# Weekdays minus the weekdays HKEX is closed (public holidays, whole-day closures); half days stay.
# end_offset=1 makes today's partition exist before midnight, so the day's run can start after the
# close. The partitions end with the calendar (CALENDAR_END): past it no day is a partition, so no
# run can be launched for a day whose holidays are unknown.
_calendar = hkex_calendar()


def first_weekday_after(day: date) -> datetime:
    """Where the partitions end: a weekday's partition lasts until the next weekday's begins, so the
    last day of the calendar is in the set only if the set ends at the weekday after it."""
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day)


trading_days = TimeWindowPartitionsDefinition(
    cron_schedule="0 0 * * 1-5",
    start=FIRST_TRADING_DAY,
    end=first_weekday_after(_calendar.horizon),
    fmt="%Y-%m-%d",
    timezone=TIMEZONE,
    end_offset=1,
    exclusions=[datetime(d.year, d.month, d.day) for d in _calendar.closed_weekdays()],
)


def partition_dates(partition_keys: Sequence[str]) -> list[date]:
    """Partition keys as dates, oldest first."""
    return sorted(date.fromisoformat(key) for key in partition_keys)
