"""The jobs, and the report deadline check at 17:30 on weekdays. The daily close is launched by a
sensor once the day's publications are out (`defs/daily_sensor.py`)."""

from dagster import AssetSelection, ScheduleDefinition, define_asset_job

from pipelines.defs.checks import closing_report_is_on_time
from pipelines.defs.partitions import TIMEZONE

daily_close_job = define_asset_job(
    "daily_close",
    # Every asset and its checks, but the deadline check, which runs on its own at 17:30.
    selection=AssetSelection.all() - AssetSelection.checks(closing_report_is_on_time),
    description="Ingest, build the marts and render the closing report for trading days.",
)


report_deadline_job = define_asset_job("report_deadline", selection=AssetSelection.checks(closing_report_is_on_time))
report_deadline_schedule = ScheduleDefinition(
    job=report_deadline_job,
    cron_schedule="30 17 * * 1-5",
    execution_timezone=TIMEZONE,
    description="Checks at 17:30 on weekdays that the day's closing report is out.",
)
