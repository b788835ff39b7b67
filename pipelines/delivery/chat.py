"""The closing report in a chat room: one short post a day through a Slack-compatible webhook.

The post is the headline, each index's close and change, and the link to the page when the reports
are published. It goes as alerts go (`alert_log.post_json`): the webhook's URL holds its secret in
its path, so a failure names it only by its host.
"""

from datetime import date

from pipelines.alert_log import post_json
from pipelines.config.delivery import DeliverySettings
from pipelines.delivery.day_report import DayReport, report_link
from pipelines.delivery.words import CORRECTION_PREFIX


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
    """POST `{"text": text}` to the webhook; WebhookFailed unless it answers 2xx (alert_log.post_json)."""
    post_json(settings.webhook_url or "", {"text": text}, "the chat webhook")


class ChatChannel:
    """A post to the chat webhook, in the chat language, when the webhook is set."""

    name = "chat"
    turned_on_by = "HKCLOSE_REPORT_WEBHOOK"

    def is_on(self, settings: DeliverySettings) -> bool:
        return bool(settings.webhook_url)

    def languages(self, settings: DeliverySettings) -> tuple[str, ...]:
        return (settings.chat_language,)

    def send(self, report: DayReport, language: str, settings: DeliverySettings, correction: bool) -> str:
        post_to_chat(chat_text(report, language, settings.reports_url, correction), settings)
        return post_id(report.day, language, report.version(language))
