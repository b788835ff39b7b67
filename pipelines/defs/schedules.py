"""The jobs and their schedules: the daily close at 16:30 Hong Kong time on trading days, and the
report deadline check at 17:30."""

from datetime import datetime

from dagster import (
    AssetSelection,
    RunRequest,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    SkipReason,
    define_asset_job,
    schedule,
)

from pipelines.defs.checks import closing_report_is_on_time
from pipelines.defs.partitions import TIMEZONE
from pipelines.market.calendar import hkex_calendar

daily_close_job = define_asset_job(
    "daily_close",
    # Every asset and its checks, but the deadline check, which runs on its own at 17:30.
    selection=AssetSelection.all() - AssetSelection.checks(closing_report_is_on_time),
    description="Ingest, build the marts and render the closing report for trading days.",
)


@schedule(
    job=daily_close_job,
    cron_schedule="30 16 * * 1-5",
    execution_timezone=TIMEZONE,
    description="After the 16:10 closing auction, on HKEX trading days.",
)
def daily_close_schedule(context: ScheduleEvaluationContext) -> RunRequest | SkipReason:
    now: datetime = context.scheduled_execution_time
    day = now.date()
    if not hkex_calendar().is_trading_day(day):
        return SkipReason(f"{day} is not an HKEX trading day")
    return RunRequest(run_key=day.isoformat(), partition_key=day.isoformat())


report_deadline_job = define_asset_job("report_deadline", selection=AssetSelection.checks(closing_report_is_on_time))
report_deadline_schedule = ScheduleDefinition(
    job=report_deadline_job,
    cron_schedule="30 17 * * 1-5",
    execution_timezone=TIMEZONE,
    description="Checks at 17:30 on weekdays that the day's closing report is out.",
)
