"""Alerts that arrive once: recorded in the log before anything is posted, posted by their own
sensor, retried with back-off against a webhook that is down, slow or answers 500, the URL never
shown, and one alert for a run that fails every attempt."""

import http.server
import json
import logging
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from dagster import DagsterEventType, DagsterInstance, build_run_status_sensor_context

from pipelines.alert_log import POST_TIMEOUT_SECONDS, alert_lines, record_alert
from pipelines.definitions import DEFINITIONS
from pipelines.defs.alerts import alert_on_failed_run, alert_on_missed_deadline, post_pending
from pipelines.defs.resources import HkcloseResource
from tests.helpers import materialize_days, warehouse_env
from tests.ports import free_port

pytestmark = pytest.mark.e2e  # through Dagster into a temporary warehouse (`make test-fast` leaves it out)

SECRET_PATH = "/services/T000/B000/s3cr3t-token"
LOG = logging.getLogger("test_alerts")


class Webhook(http.server.ThreadingHTTPServer):
    """A local webhook that answers `status` after `delay` seconds and keeps what it was sent."""

    def __init__(self) -> None:
        self.received, self.status, self.delay = [], 204, 0.0
        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{SECRET_PATH}"


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        time.sleep(self.server.delay)
        # A slow webhook answers after the poster gave up: modelled as dropping what it was sent
        # (one that kept it anyway would get the alert twice: posting is at least once).
        if self.server.status < 300 and not self.server.delay:
            self.server.received.append(body)
        self.send_response(self.server.status)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[Webhook]:
    server = Webhook()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()


def sensor_context(sensor: str, instance: DagsterInstance, run_id: str, event_type: DagsterEventType):
    """What the daemon hands a run status sensor for the run's event of that type."""
    return build_run_status_sensor_context(
        sensor_name=sensor,
        dagster_event=instance.all_logs(run_id, of_type=event_type)[0].dagster_event,
        dagster_instance=instance,
        dagster_run=instance.get_run_by_id(run_id),
        resources={"hkclose": HkcloseResource.from_env()},
    )


def test_a_failed_run_is_recorded_then_posted_once(tmp_path: Path, monkeypatch, webhook: Webhook) -> None:
    settings = warehouse_env(monkeypatch, tmp_path)
    instance = DagsterInstance.ephemeral()
    failed = materialize_days(partition_key="2025-11-24", instance=instance)  # no sample data that day
    assert not failed.success
    with sensor_context("alert_on_failed_run", instance, failed.run_id, DagsterEventType.RUN_FAILURE) as context:
        alert_on_failed_run(context.for_run_failure())
    (logged,) = alert_lines(settings.logs_dir)
    assert logged["kind"] == "run_failed" and logged["run_id"] == failed.run_id
    assert logged["partitions"] == "2025-11-24" and "failed" in logged["message"]
    assert webhook.received == []  # recording never waits for the network

    state = {"posted": 0}
    post_pending(settings.logs_dir, webhook.url, state, time.time(), LOG)
    post_pending(settings.logs_dir, webhook.url, state, time.time(), LOG)
    assert webhook.received == [logged] and state == {"posted": 1}


def test_a_run_the_daemon_retries_is_alerted_only_for_its_last_attempt(tmp_path: Path, monkeypatch) -> None:
    settings = warehouse_env(monkeypatch, tmp_path)
    instance = DagsterInstance.ephemeral()
    for attempt, will_retry in enumerate(("true", "true", "false")):
        failed = materialize_days(partition_key="2025-11-24", instance=instance)
        # As an instance with run retries tags each failure (dagster/will_retry): retries left, or not.
        instance.add_run_tags(failed.run_id, {"dagster/will_retry": will_retry, "dagster/retry_number": str(attempt)})
        with sensor_context("alert_on_failed_run", instance, failed.run_id, DagsterEventType.RUN_FAILURE) as context:
            alert_on_failed_run(context.for_run_failure())
    (logged,) = alert_lines(settings.logs_dir)
    assert logged["run_id"] == failed.run_id  # the last attempt's


def test_a_missed_deadline_is_recorded(tmp_path: Path, monkeypatch) -> None:
    settings = warehouse_env(monkeypatch, tmp_path)
    instance = DagsterInstance.ephemeral()  # no report was ever written in it
    checked = DEFINITIONS.resolve_job_def("report_deadline").execute_in_process(instance=instance)
    assert checked.success  # a failed check does not fail its run: the sensor reads the check
    with sensor_context("alert_on_missed_deadline", instance, checked.run_id, DagsterEventType.RUN_SUCCESS) as context:
        alert_on_missed_deadline(context)
    (logged,) = alert_lines(settings.logs_dir)
    assert logged["kind"] == "deadline_missed" and "is not out by its deadline" in logged["message"]


@pytest.mark.parametrize("fault", ["down", "slow", "answers 500"])
def test_a_failing_webhook_is_retried_later_with_back_off_and_its_url_never_shown(
    tmp_path: Path, webhook: Webhook, fault: str, caplog
) -> None:
    logs = tmp_path / "logs"
    alert = record_alert(logs, "run_failed", "run x failed")
    url = webhook.url
    if fault == "down":
        url = f"http://127.0.0.1:{free_port()}{SECRET_PATH}"
    elif fault == "slow":
        webhook.delay = POST_TIMEOUT_SECONDS + 1
    else:
        webhook.status = 500
    state, now = {"posted": 0}, time.time()
    started = time.monotonic()
    said = post_pending(logs, url, state, now, LOG)
    assert time.monotonic() - started < POST_TIMEOUT_SECONDS + 2  # one bounded attempt per tick
    why = {"down": "cannot connect", "slow": f"no answer within {POST_TIMEOUT_SECONDS:g} s", "answers 500": "HTTP 500"}
    assert why[fault] in said and "127.0.0.1/…" in said and "next attempt in 30 s" in said
    assert state["posted"] == 0 and state["retry_at"] == now + 30
    assert SECRET_PATH not in said + caplog.text and "s3cr3t" not in said + caplog.text
    assert "next attempt in" in caplog.text  # the failing webhook is logged

    # Within the back-off nothing is tried; a second failure doubles it.
    assert "next attempt in 20 s" in post_pending(logs, url, state, now + 10, LOG)
    assert "next attempt in 60 s" in post_pending(logs, url, state, now + 31, LOG)
    # The webhook is back: the alert is posted, once.
    webhook.status, webhook.delay = 204, 0.0
    post_pending(logs, webhook.url, state, now + 200, LOG)
    post_pending(logs, webhook.url, state, now + 300, LOG)
    assert webhook.received == [alert] and state == {"posted": 1}


def test_an_alert_the_webhook_never_took_is_given_up_after_an_hour_and_that_is_recorded(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    record_alert(logs, "run_failed", "run x failed")
    raised = datetime.fromisoformat(alert_lines(logs)[0]["at"]).timestamp()
    dead = f"http://127.0.0.1:{free_port()}{SECRET_PATH}"
    state = {"posted": 0}
    post_pending(logs, dead, state, raised + 10, LOG)
    post_pending(logs, dead, state, raised + timedelta(hours=1, minutes=1).total_seconds(), LOG)
    original, gave_up = alert_lines(logs)
    assert gave_up["kind"] == "webhook_failed" and "gave up on the run_failed alert of" in gave_up["message"]
    assert SECRET_PATH not in gave_up["message"]
    # The record of giving up is read on the next tick and never posted.
    assert post_pending(logs, dead, state, raised + 3700, LOG).startswith("posted every alert") and state["posted"] == 2
    assert datetime.fromisoformat(gave_up["at"]) >= datetime.fromisoformat(original["at"]).astimezone(UTC)


def test_the_ui_shows_the_webhooks_variable_not_its_url(tmp_path: Path, monkeypatch) -> None:
    warehouse_env(monkeypatch, tmp_path)
    monkeypatch.setenv("HKCLOSE_ALERT_WEBHOOK", f"https://hooks.example.com{SECRET_PATH}")
    resource = HkcloseResource.from_env()
    shown = repr(resource.alert_webhook)
    assert "s3cr3t" not in shown and "HKCLOSE_ALERT_WEBHOOK" in shown
