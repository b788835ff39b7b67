"""The alert log: every alert is a JSON line appended to `logs/alerts.log` beside the warehouse,
written before anything is posted, so an alert is never lost to a webhook that is down.

Posting to the webhook (`HKCLOSE_ALERT_WEBHOOK`) is the sensor `post_alerts`' job
(`defs/alerts.py`): what raises an alert never waits for the network. A webhook's URL usually holds
its secret (Slack's, Teams'), so errors name it only as `redacted(url)`.

Imports only `config` (how a secret shows).
"""

import json
import logging
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

from pipelines.config.secrets import redacted

ALERTS_FILE = "alerts.log"
POST_TIMEOUT_SECONDS = 5.0


def record_alert(logs_dir: Path, kind: str, message: str, **details: str) -> dict:
    """Append an alert to the log; returns it. `details` are extra fields (run_id, partitions, ...)."""
    alert = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "kind": kind, "message": message, **details}
    logs_dir.mkdir(parents=True, exist_ok=True)
    with (logs_dir / ALERTS_FILE).open("a", encoding="utf-8") as log:
        log.write(json.dumps(alert, ensure_ascii=False) + "\n")
    return alert


def alert_lines(logs_dir: Path) -> list[dict]:
    """The alerts written so far, oldest first."""
    path = logs_dir / ALERTS_FILE
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


class RedactedUrls(logging.Filter):
    """httpx logs every request's URL at INFO ("HTTP Request: POST https://hooks.slack.com/..."):
    with this filter on its logger, the URL is logged as `redacted(url)`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redacted(str(arg)) if isinstance(arg, httpx.URL) else arg for arg in record.args)
        return True


REDACTED_URLS = RedactedUrls()


class WebhookFailed(RuntimeError):
    """A webhook did not take a post; the message names it redacted."""


def post_json(url: str, body: dict, hook: str, attempts: int = 1, backoff_seconds: float = 1.0) -> None:
    """POST `body` as JSON, each attempt bounded by POST_TIMEOUT_SECONDS; WebhookFailed after the
    last, naming `hook` ("the alert webhook") and the URL redacted, never the transport's own text."""
    httpx_log = logging.getLogger("httpx")
    if REDACTED_URLS not in httpx_log.filters:
        httpx_log.addFilter(REDACTED_URLS)
    why = ""
    for attempt in range(attempts):
        if attempt:
            time.sleep(backoff_seconds * 2 ** (attempt - 1))
        try:
            response = httpx.post(url, json=body, timeout=POST_TIMEOUT_SECONDS)
        except httpx.TimeoutException:
            why = f"no answer within {POST_TIMEOUT_SECONDS:g} s"
            continue
        except httpx.TransportError as error:
            why = f"cannot connect ({type(error).__name__})"  # its text would name the URL
            continue
        if response.is_success:
            return
        why = f"it answered HTTP {response.status_code}"
    raise WebhookFailed(f"{hook} {redacted(url)} did not take the post: {why}")


def post_alert(url: str, alert: dict, attempts: int = 1, backoff_seconds: float = 1.0) -> None:
    """An alert to HKCLOSE_ALERT_WEBHOOK (`post_json`)."""
    post_json(url, alert, "the alert webhook", attempts, backoff_seconds)
