"""One partition per HKEX trading day, keyed YYYY-MM-DD in Hong Kong time."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dagster import TimeWindowPartitionsDefinition

from pipelines.market.calendar import hkex_calendar

FIRST_TRADING_DAY = "2015-01-02"
TIMEZONE = "Asia/Hong_Kong"

# Weekdays minus the weekdays HKEX is closed (public holidays, whole-day closures); half days stay.
# end_offset=1 makes today's partition exist before midnight, so the day's run can start after the
# close.
_calendar = hkex_calendar()


def first_weekday_after(day: date) -> datetime:
    """Where the partitions end: a weekday's partition lasts until the next weekday's begins, so the
    last day of the calendar is in the set only if the set ends at the weekday after it."""
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day)


def trading_day_partitions(loaded_on: date) -> TimeWindowPartitionsDefinition:
    """The trading days from 2015 to the end of the year after `loaded_on` (at most to the
    calendar's horizon, 2049): past that end no day is a partition, holiday or not.

    Why not to the horizon at once: Dagster copies this definition, every holiday in it, into a row
    per asset check and day of a run, so a ten-year backfill stores it 46,740 times. Listing the
    holidays to 2049 made that run a third slower than listing them to the end of next year
    (docs/performance.md). Every load of the code location (a restart of the services, a run's
    process) moves the end; a process that outlives it launches nothing past it and says so (the
    daily sensor), and the 17:30 deadline check alerts.
    """
    until = min(date(loaded_on.year + 1, 12, 31), _calendar.horizon)
    return TimeWindowPartitionsDefinition(
        cron_schedule="0 0 * * 1-5",
        start=FIRST_TRADING_DAY,
        end=first_weekday_after(until),
        fmt="%Y-%m-%d",
        timezone=TIMEZONE,
        end_offset=1,
        exclusions=[datetime(d.year, d.month, d.day) for d in _calendar.closed_weekdays() if d <= until],
    )


LOADED_ON = datetime.now(ZoneInfo(TIMEZONE)).date()
trading_days = trading_day_partitions(LOADED_ON)


def partition_dates(partition_keys: Sequence[str]) -> list[date]:
    """Partition keys as dates, oldest first."""
    return sorted(date.fromisoformat(key) for key in partition_keys)
