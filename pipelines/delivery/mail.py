"""The closing report by e-mail: one message per language to every recipient.

The message carries the Markdown as its plain text and HTML rendered from it (tables styled
inline, as mail clients drop style sheets; raw HTML in the Markdown is escaped, so no script ever
reaches a reader) and the day's JSON attached. The page with charts is linked, never attached: it
runs JavaScript. Its Message-ID is fixed by day, language and version, so a crash between sending
and recording repeats at most the same message, which mail clients fold into one.

A password goes only over TLS: with STARTTLS asked for and not offered, sending stops there.
"""

import html
import smtplib
import ssl
from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime

from pipelines.config.delivery import MAIL_VARIABLES, DeliverySettings
from pipelines.config.report_files import REPORT_JSON_FILE, REPORT_LANGUAGES
from pipelines.delivery.day_report import DayReport, report_link
from pipelines.delivery.markdown_html import markdown_to_html
from pipelines.delivery.words import CORRECTION_PREFIX, correction_note, full_report_line

SMTP_TIMEOUT_SECONDS = 30.0
BODY_STYLE = "font-family:Helvetica,Arial,'PingFang HK','Microsoft JhengHei',sans-serif;line-height:1.4"


class MailFailed(RuntimeError):
    """The message was not handed to the SMTP server; the text holds no secret."""


def message_id(day: date, language: str, version: str, domain: str) -> str:
    return f"<hkclose.{day.isoformat()}.{language}.{version}@{domain}>"


def build_message(
    report: DayReport, language: str, settings: DeliverySettings, correction: bool, now: datetime | None = None
) -> EmailMessage:
    """The day's message in `language`, a correction of an earlier one when `correction`."""
    headline = report.headline(language)
    notes = [correction_note(language, report.day)] if correction else []
    link = report_link(settings.reports_url, report.day, language)
    if link:
        notes.append(full_report_line(language, link))
    markdown = report.markdown_text(language)
    text = "".join(f"{note}\n\n" for note in notes) + markdown
    note_paragraphs = "".join(f"<p>{_linked(note, link)}</p>\n" for note in notes)
    page = (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head><meta charset="utf-8">'
        f"<title>{html.escape(headline)}</title></head>\n"
        f'<body style="{BODY_STYLE}">\n{note_paragraphs}{markdown_to_html(markdown)}</body>\n</html>\n'
    )
    message = EmailMessage()
    message["Subject"] = (CORRECTION_PREFIX[language] if correction else "") + headline
    message["From"] = settings.mail_from
    message["To"] = ", ".join(settings.mail_to)
    message["Date"] = format_datetime(now or datetime.now().astimezone())
    message["Message-ID"] = message_id(report.day, language, report.version(language), settings.mail_domain)
    message.set_content(text)
    message.add_alternative(page, subtype="html")
    message.add_attachment(report.report_json, maintype="application", subtype="json", filename=REPORT_JSON_FILE)
    message["Content-Language"] = language  # last: building the body moves Content-* headers into its parts
    return message


def send_message(message: EmailMessage, settings: DeliverySettings) -> None:
    """Hand `message` to the SMTP server; MailFailed (never naming the password) when it is not taken."""
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    try:
        with _connected(settings) as smtp:
            refused = smtp.send_message(message)
    except MailFailed:
        raise
    except (OSError, smtplib.SMTPException) as error:
        raise MailFailed(settings.scrub(f"the SMTP server {where} did not take the mail: {_describe(error)}")) from None
    if refused:
        raise MailFailed(f"the SMTP server {where} refused recipients: {', '.join(sorted(refused))}")


def _connected(settings: DeliverySettings) -> smtplib.SMTP:
    """A connection ready to send: TLS as settings ask, logged in when there are credentials."""
    context = ssl.create_default_context()
    host, port = settings.smtp_host or "", settings.smtp_port
    if settings.smtp_tls == "smtps":
        smtp = smtplib.SMTP_SSL(host, port, timeout=SMTP_TIMEOUT_SECONDS, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=SMTP_TIMEOUT_SECONDS)
    try:
        smtp.ehlo()
        if settings.smtp_tls == "starttls":
            if smtp.has_extn("starttls"):
                smtp.starttls(context=context)
                smtp.ehlo()
            elif settings.has_credentials:
                raise MailFailed(
                    f"the SMTP server {host}:{port} does not offer STARTTLS: the password is never sent in clear"
                )
        if settings.has_credentials:
            smtp.login(settings.smtp_user or "", settings.smtp_password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def _describe(error: BaseException) -> str:
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _linked(note: str, link: str | None) -> str:
    escaped = html.escape(note)
    if link and link in note:
        escaped = escaped.replace(html.escape(link), f'<a href="{html.escape(link)}">{html.escape(link)}</a>')
    return escaped


class MailChannel:
    """Mail, in both languages, when its recipients, sender and server are set."""

    name = "mail"
    turned_on_by = ", ".join(MAIL_VARIABLES[:-1]) + " and " + MAIL_VARIABLES[-1]

    def is_on(self, settings: DeliverySettings) -> bool:
        return bool(settings.mail_to and settings.mail_from and settings.smtp_host)

    def languages(self, settings: DeliverySettings) -> tuple[str, ...]:
        return REPORT_LANGUAGES

    def send(self, report: DayReport, language: str, settings: DeliverySettings, correction: bool) -> str:
        message = build_message(report, language, settings, correction)
        send_message(message, settings)
        return str(message["Message-ID"])
