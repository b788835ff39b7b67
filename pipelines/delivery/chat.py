"""The closing report in a chat room: one short post a day through a Slack-compatible webhook.

The post is the headline, each index's close and change, and the link to the page when the reports
are published. The webhook's URL holds its secret in its path, so a failure names it only as
`redacted(url)` and never quotes the transport error's text (which would name the URL).
"""

from datetime import date

import httpx

from pipelines.alert_log import redacted
from pipelines.delivery.day_report import DayReport, report_link
from pipelines.delivery.settings import DeliverySettings
from pipelines.delivery.words import CORRECTION_PREFIX

POST_TIMEOUT_SECONDS = 10.0


class ChatFailed(RuntimeError):
    """The webhook did not take the post; the text names the webhook redacted."""


def post_id(day: date, language: str, version: str) -> str:
    """What the record keeps for a post (a webhook gives no message ID back): stable as a Message-ID is."""
    return f"hkclose.{day.isoformat()}.{language}.{version}"


def chat_text(report: DayReport, language: str, reports_url: str | None, correction: bool) -> str:
    lines = [(CORRECTION_PREFIX[language] if correction else "") + report.headline(language)]
    lines.append(report.index_line(language))
    link = report_link(reports_url, report.day, language)
    if link:
        lines.append(link)
    return "\n".join(line for line in lines if line)


def post_to_chat(text: str, settings: DeliverySettings) -> None:
    """POST `{"text": text}` to the webhook; ChatFailed unless it answers 2xx."""
    url = settings.webhook_url or ""
    try:
        response = httpx.post(url, json={"text": text}, timeout=POST_TIMEOUT_SECONDS)
    except httpx.TimeoutException:
        why = f"no answer within {POST_TIMEOUT_SECONDS:g} s"
    except (httpx.HTTPError, httpx.InvalidURL) as error:
        why = f"cannot connect ({type(error).__name__})"
    else:
        if response.is_success:
            return
        why = f"it answered HTTP {response.status_code}"
    raise ChatFailed(f"the chat webhook {redacted(url)} did not take the post: {why}")
