"""Alerts: every failed run and every missed 17:30 deadline, appended to `logs/alerts.log` beside the
warehouse and posted as JSON to `HKCLOSE_ALERT_WEBHOOK` when one is set. The daemon runs both
sensors from the moment the code location loads."""

import json
from datetime import UTC, datetime
from pathlib import Path

import httpx
from dagster import (
    DagsterEventType,
    DagsterRunStatus,
    DefaultSensorStatus,
    RunFailureSensorContext,
    RunStatusSensorContext,
    run_failure_sensor,
    run_status_sensor,
)

from pipelines.config import Settings
from pipelines.defs.resources import HkcloseResource
from pipelines.defs.schedules import report_deadline_job

WEBHOOK_TIMEOUT_SECONDS = 10


def send_alert(settings: Settings, kind: str, message: str, **details: str) -> dict:
    """Append the alert to alerts.log and post it to the webhook, if any; the log line is written
    first, so a webhook that is down loses nothing (its error is raised after)."""
    alert = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "kind": kind, "message": message, **details}
    settings.logs_dir.mkdir(parents=True, exist_ok=True)
    with (settings.logs_dir / "alerts.log").open("a", encoding="utf-8") as log:
        log.write(json.dumps(alert, ensure_ascii=False) + "\n")
    if settings.alert_webhook:
        httpx.post(settings.alert_webhook, json=alert, timeout=WEBHOOK_TIMEOUT_SECONDS).raise_for_status()
    return alert


def partitions_of(tags: dict[str, str]) -> str:
    """The day or the range a run built, from its tags."""
    if "dagster/partition" in tags:
        return tags["dagster/partition"]
    start, end = tags.get("dagster/asset_partition_range_start"), tags.get("dagster/asset_partition_range_end")
    return f"{start}...{end}" if start else ""


@run_failure_sensor(
    name="alert_on_failed_run",
    description="Every failed run: logs/alerts.log and the webhook (HKCLOSE_ALERT_WEBHOOK).",
    default_status=DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=10,
)
def alert_on_failed_run(context: RunFailureSensorContext, hkclose: HkcloseResource) -> None:
    run = context.dagster_run
    reason = context.failure_event.message or "the run failed"
    send_alert(
        hkclose.settings(),
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
    description="The 17:30 check found the day's closing report missing: logs/alerts.log and the webhook.",
    default_status=DefaultSensorStatus.RUNNING,
    minimum_interval_seconds=10,
)
def alert_on_missed_deadline(context: RunStatusSensorContext, hkclose: HkcloseResource) -> None:
    run_id = context.dagster_run.run_id
    for record in context.instance.all_logs(run_id, of_type=DagsterEventType.ASSET_CHECK_EVALUATION):
        evaluation = record.dagster_event.event_specific_data
        if not evaluation.passed:
            due = evaluation.metadata["due_partition"].value
            send_alert(
                hkclose.settings(),
                "deadline_missed",
                f"the closing report of {due} is not out by its deadline ({evaluation.metadata['deadline'].value})",
                run_id=run_id,
                partitions=str(due),
            )


def alert_lines(logs_dir: Path) -> list[dict]:
    """The alerts written so far, oldest first."""
    path = logs_dir / "alerts.log"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
