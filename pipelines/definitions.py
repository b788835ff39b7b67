"""The hkclose code location: assets, checks, jobs, schedules and resources, assembled.

Top layer: may import any module of `pipelines` but `pipelines.cli`.
"""

import dagster
from dagster import Definitions, in_process_executor

from pipelines.defs.alerts import alert_on_failed_run, alert_on_missed_deadline, post_alerts
from pipelines.defs.assets.marts import hkclose_dbt_models
from pipelines.defs.assets.raw import raw_lake
from pipelines.defs.assets.report import closing_report
from pipelines.defs.checks import closing_report_is_on_time
from pipelines.defs.daily_sensor import daily_close_when_published
from pipelines.defs.delivery import deliver_closing_report
from pipelines.defs.resources import HkcloseResource, dbt_resource
from pipelines.defs.schedules import daily_close_job, report_deadline_job, report_deadline_schedule
from pipelines.startup import keep_for_the_process

DEFINITIONS = Definitions(
    assets=[raw_lake, hkclose_dbt_models, closing_report],
    asset_checks=[closing_report_is_on_time],
    jobs=[daily_close_job, report_deadline_job],
    schedules=[report_deadline_schedule],
    sensors=[
        daily_close_when_published,
        deliver_closing_report,
        alert_on_failed_run,
        alert_on_missed_deadline,
        post_alerts,
    ],
    resources={"hkclose": HkcloseResource.from_env(), "dbt": dbt_resource()},
    # The steps form a chain (raw -> dbt -> report): a process per step would only add start-up time.
    executor=in_process_executor,
)


@dagster.definitions
def defs() -> Definitions:
    """What Dagster's loader calls (a run's process, the code server, `dagster asset materialize`).

    Such a process loads the code location once and keeps it to its end, so the objects the load
    built need no garbage collection: leaving them out buys about a fifth of a one-day run
    (pipelines/startup.py, docs/performance.md). Importing this module has no such effect.
    """
    keep_for_the_process()
    return DEFINITIONS
