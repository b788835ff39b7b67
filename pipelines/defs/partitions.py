"""One partition per HKEX trading day, keyed YYYY-MM-DD in Hong Kong time."""

from collections.abc import Sequence
from datetime import date, datetime

from dagster import TimeWindowPartitionsDefinition

from pipelines.market.calendar import hkex_calendar

FIRST_TRADING_DAY = "2015-01-02"
TIMEZONE = "Asia/Hong_Kong"

# Weekdays minus the weekdays HKEX is closed (public holidays, whole-day closures); half days stay.
# end_offset=1 makes today's partition exist before midnight, so the schedule can run it after
# the close.
trading_days = TimeWindowPartitionsDefinition(
    cron_schedule="0 0 * * 1-5",
    start=FIRST_TRADING_DAY,
    fmt="%Y-%m-%d",
    timezone=TIMEZONE,
    end_offset=1,
    exclusions=[datetime(d.year, d.month, d.day) for d in hkex_calendar().closed_weekdays()],
)


def partition_dates(partition_keys: Sequence[str]) -> list[date]:
    """Partition keys as dates, oldest first."""
    return sorted(date.fromisoformat(key) for key in partition_keys)
