"""The hkclose code location: assets, checks and resources, assembled."""

from dagster import Definitions, in_process_executor

from pipelines.assets.dbt import hkclose_dbt_models
from pipelines.assets.ingest import raw_lake
from pipelines.assets.report import closing_report
from pipelines.checks import closing_report_is_on_time, report_deadline_job, report_deadline_schedule
from pipelines.resources import HkcloseResource, dbt_resource
from pipelines.schedules import daily_close_job, daily_close_schedule

defs = Definitions(
    assets=[raw_lake, hkclose_dbt_models, closing_report],
    asset_checks=[closing_report_is_on_time],
    jobs=[daily_close_job, report_deadline_job],
    schedules=[daily_close_schedule, report_deadline_schedule],
    resources={"hkclose": HkcloseResource(), "dbt": dbt_resource()},
    # The steps form a chain (raw -> dbt -> report): a process per step would only add start-up time.
    executor=in_process_executor,
)
