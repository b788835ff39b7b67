"""One partition per trading day, keyed YYYY-MM-DD in Hong Kong time."""

from collections.abc import Sequence
from datetime import date

from dagster import TimeWindowPartitionsDefinition

FIRST_TRADING_DAY = "2015-01-02"
TIMEZONE = "Asia/Hong_Kong"

# Weekdays for now; end_offset=1 makes today's partition exist before midnight, so the
# schedule can run it after the close.
trading_days = TimeWindowPartitionsDefinition(
    cron_schedule="0 0 * * 1-5",
    start=FIRST_TRADING_DAY,
    fmt="%Y-%m-%d",
    timezone=TIMEZONE,
    end_offset=1,
)


def partition_dates(partition_keys: Sequence[str]) -> list[date]:
    """Partition keys as dates, oldest first."""
    return sorted(date.fromisoformat(key) for key in partition_keys)
