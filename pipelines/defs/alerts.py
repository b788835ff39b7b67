"""Alerts: a run that failed for good and a missed 17:30 deadline are recorded in `logs/alerts.log`
beside the warehouse (`pipelines/alert_log.py`); the sensor `post_alerts` posts each line to
`HKCLOSE_ALERT_WEBHOOK` once. The daemon runs all three from the moment the code location loads.

Once: a failed run that the daemon will retry (Dagster tags it `dagster/will_retry=true`) is not
alerted; its last attempt is, so a run that fails every attempt gives one line and one post. A
webhook that is down, slow or answers an error never holds the sensor that raised the alert:
`post_alerts` tries the oldest unposted line each tick (a 5 s timeout), backs off while it fails
(30 s, doubling, at most 10 minutes apart), logs each failure with the URL redacted, and gives
up on a line an hour after it was raised, recording a `webhook_failed` line (never posted).
"""

import json
import logging
import time
from datetime import datetime, timedelta
from pathlib import Path

from dagster import (
    DagsterEventType,
    DagsterRunStatus,
    DefaultSensorStatus,
    RunFailureSensorContext,
    RunStatusSensorContext,
    SensorEvaluationContext,
    SensorResult,
    run_failure_sensor,
    run_status_sensor,
    sensor,
)

from pipelines.alert_log import WebhookFailed, alert_lines, post_alert, record_alert
from pipelines.config.secrets import redacted
from pipelines.defs.resources import HkcloseResource
from pipelines.defs.schedules import report_deadline_job

WILL_RETRY_TAG = "dagster/will_retry"
GIVE_UP_AFTER = timedelta(hours=1)
FIRST_RETRY_SECONDS = 30.0
MAX_RETRY_SECONDS = 600.0
# Lines that are records for people reading the log, not alerts to post.
NOT_POSTED = ("webhook_failed",)


def partitions_of(tags: dict[str, str]) -> str:
    """The day or the range a run built, from its tags."""
    if "dagster/partition" in tags:
        return tags["dagster/partition"]
    start, end = tags.get("dagster/asset_partition_range_start"), tags.get("dagster/asset_partition_range_end")
    return f"{start}...{end}" if start else ""


@run_failure_sensor(
    name="alert_on_failed_run",
    description="A run that failed and will not be retried: logs/alerts.log (posted by post_alerts).",
    default_status=DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=10,
)
def alert_on_failed_run(context: RunFailureSensorContext, hkclose: HkcloseResource) -> None:
    run = context.dagster_run
    if run.tags.get(WILL_RETRY_TAG) == "true":
        context.log.info("run %s failed and will be retried: its last attempt is alerted if it fails", run.run_id)
        return
    reason = context.failure_event.message or "the run failed"
    record_alert(
        hkclose.settings().logs_dir,
        "run_failed",
        f"run {run.run_id} of {run.job_name} ({partitions_of(run.tags) or 'no partition'}) failed: {reason}",
        run_id=run.run_id,
        job=run.job_name,
        partitions=partitions_of(run.tags),
    )


@run_status_sensor(
    name="alert_on_missed_deadline",
    run_status=DagsterRunStatus.SUCCESS,
    monitored_jobs=[report_deadline_job],
    description="The 17:30 check found the day's closing report missing: logs/alerts.log (posted by post_alerts).",
    default_status=DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=10,
)
def alert_on_missed_deadline(context: RunStatusSensorContext, hkclose: HkcloseResource) -> None:
    run_id = context.dagster_run.run_id
    for record in context.instance.all_logs(run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION):
        evaluation = record.dagster_event.event_specific_data
        if not evaluation.passed:
            due = evaluation.metadata["due_partition"].value
            record_alert(
                hkclose.settings().logs_dir,
                "deadline_missed",
                f"the closing report of {due} is not out by its deadline ({evaluation.metadata['deadline'].value})",
                run_id=run_id,
                partitions=str(due),
            )


@sensor(
    name="post_alerts",
    description="Posts each new line of logs/alerts.log to HKCLOSE_ALERT_WEBHOOK once, retrying with back-off.",
    default_status=DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=15,
)
def post_alerts(context: SensorEvaluationContext, hkclose: HkcloseResource) -> SensorResult:
    settings = hkclose.settings()
    state = json.loads(context.cursor or '{"posted": 0}')
    reason = post_pending(settings.logs_dir, settings.alert_webhook, state, time.time(), context.log)
    return SensorResult(skip_reason=reason, cursor=json.dumps(state, sort_keys=True))


def post_pending(logs_dir: Path, url: str | None, state: dict, now: float, log: logging.Logger) -> str:
    """Post the alerts after `state["posted"]` in order, updating `state`; says what it did."""
    lines = alert_lines(logs_dir)
    if state["posted"] > len(lines):  # the log was rotated or emptied: its lines are all new
        state["posted"] = 0
    if url is None:
        state["posted"] = len(lines)  # alerts stay in the log only; a webhook set later gets new ones
        return "no HKCLOSE_ALERT_WEBHOOK: alerts are in the log only"
    if now < state.get("retry_at", 0):
        waiting = len(lines) - state["posted"]
        return f"{waiting} alert(s) wait for the webhook; next attempt in {state['retry_at'] - now:.0f} s"
    while state["posted"] < len(lines):
        alert = lines[state["posted"]]
        if alert["kind"] not in NOT_POSTED and not alert.get("posted_by"):
            try:
                post_alert(url, alert)
            except WebhookFailed as error:
                if now - datetime.fromisoformat(alert["at"]).timestamp() < GIVE_UP_AFTER.total_seconds():
                    failures = state.get("failures", 0) + 1
                    delay = min(FIRST_RETRY_SECONDS * 2 ** (failures - 1), MAX_RETRY_SECONDS)
                    state.update(failures=failures, retry_at=now + delay)
                    log.warning(
                        "%s; %d alert(s) wait, next attempt in %.0f s", error, len(lines) - state["posted"], delay
                    )
                    return f"{error}; next attempt in {delay:.0f} s"
                record_alert(
                    logs_dir,
                    "webhook_failed",
                    f"{error}, for an hour: gave up on the {alert['kind']} alert of {alert['at']}",
                )
                log.error("%s, for an hour: gave up on the alert of %s (it stays in %s)", error, alert["at"], logs_dir)
        state["posted"] += 1
        state.pop("failures", None)
        state.pop("retry_at", None)
    return f"posted every alert to {redacted(url)}"
