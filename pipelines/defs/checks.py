"""Checks beyond dbt's tests: the latest trading day's report is out by 17:30 Hong Kong time."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetKey,
    DagsterInstance,
    asset_check,
)

from pipelines.defs.assets.report import closing_report
from pipelines.defs.partitions import TIMEZONE
from pipelines.market.calendar import hkex_calendar

REPORT_DEADLINE = time(17, 30)


def due_trading_day(now: datetime) -> date:
    """The latest trading day whose report deadline has passed at `now`."""
    local = now.astimezone(ZoneInfo(TIMEZONE))
    day = local.date() if local.time() >= REPORT_DEADLINE else local.date() - timedelta(days=1)
    calendar = hkex_calendar()
    return day if calendar.is_trading_day(day) else calendar.previous_trading_day(day)


def report_freshness(instance: DagsterInstance, now: datetime) -> AssetCheckResult:
    """Passes when the report of the latest trading day past its deadline has been written."""
    due = due_trading_day(now)
    written = instance.get_materialized_partitions(AssetKey("closing_report"))
    return AssetCheckResult(
        passed=due.isoformat() in written,
        severity=AssetCheckSeverity.ERROR,
        metadata={"due_partition": due.isoformat(), "deadline": f"{due} {REPORT_DEADLINE:%H:%M} {TIMEZONE}"},
        description=None if due.isoformat() in written else f"the closing report of {due} is not out",
    )


@asset_check(asset=closing_report, description="The latest trading day's report is out by 17:30 Hong Kong time.")
def closing_report_is_on_time(context: AssetCheckExecutionContext) -> AssetCheckResult:
    return report_freshness(context.instance, datetime.now(ZoneInfo(TIMEZONE)))
