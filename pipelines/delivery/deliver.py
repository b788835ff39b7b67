"""Deliver one day's closing report on every channel that is on, once per channel and language.

Each channel of `channels.CHANNELS` that the settings turn on sends in its languages (mail in both,
chat in the chat language). For each (channel, language) the record's
lock is held from reading the record, through sending, to writing its line, so the sensor and the
CLI delivering at once never both send. A version already sent is not sent again; a new version of
a report sent before goes out marked as a correction. A channel that fails does not stop the others
and raises nothing: it is recorded, logged, and alerted the first time that version fails (a retry
every minute raises one alert, not one a minute); the next call tries it again.
"""

import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from filelock import Timeout

from pipelines.alert_log import WebhookFailed, record_alert
from pipelines.config.delivery import DeliverySettings
from pipelines.delivery.channels import Channel, channels_on
from pipelines.delivery.day_report import DayReport, read_day_report
from pipelines.delivery.mail import MailFailed
from pipelines.delivery.record import LOCK_TIMEOUT_SECONDS, DeliveryRecord

ALERT_KIND = "delivery_failed"


class Sent(NamedTuple):
    channel: str
    language: str
    correction: bool


class Failed(NamedTuple):
    channel: str
    language: str
    why: str


@dataclass
class DeliveryOutcome:
    """What one call did, per (channel, language): sent now, sent before (nothing done), or failed."""

    day: date
    sent: list[Sent] = field(default_factory=list)
    already_sent: list[tuple[str, str]] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)


def deliver_day(
    day: date,
    reports_dir: Path,
    record_dir: Path,
    logs_dir: Path,
    settings: DeliverySettings,
    log: logging.Logger,
) -> DeliveryOutcome:
    """Send the day's report where it has not gone yet; FileNotFoundError when the day has no report.

    `record_dir` holds `sent.jsonl` (the caller passes `warehouse_path.parent / "delivery"`);
    `logs_dir` the alert log.
    """
    report = read_day_report(reports_dir, day)
    record = DeliveryRecord(record_dir)
    outcome = DeliveryOutcome(day)
    for channel in channels_on(settings):
        for language in channel.languages(settings):
            _deliver_once(report, channel, language, settings, record, logs_dir, log, outcome)
    return outcome


def _deliver_once(
    report: DayReport,
    channel: Channel,
    language: str,
    settings: DeliverySettings,
    record: DeliveryRecord,
    logs_dir: Path,
    log: logging.Logger,
    outcome: DeliveryOutcome,
) -> None:
    day, version, name = report.day, report.version(language), channel.name
    try:
        with record.locked():
            history = record.history(day, name, language)
            if history.was_sent(version):
                outcome.already_sent.append((name, language))
                log.info(f"The closing report of {day} ({language}) was sent by {name} before: nothing to do")
                return
            correction = bool(history.sent_versions)
            try:
                sent_as = channel.send(report, language, settings, correction)
            except Exception as error:
                why = settings.scrub(_reason(error))
                first_failure = not history.has_failed(version)
                if history.last_failure(version) != why:  # the same failure again adds nothing to the record
                    record.append_failed(day, name, language, version, why)
            else:
                record.append_sent(day, name, language, version, sent_as, correction)
                outcome.sent.append(Sent(name, language, correction))
                kind = "a correction of" if correction else "the"
                log.info(f"Sent {kind} closing report of {day} ({language}) by {name}")
                return
    except Timeout:
        why = f"another deliverer held the delivery record for {LOCK_TIMEOUT_SECONDS:g} s; tried again on the next call"
        first_failure = False
    outcome.failed.append(Failed(name, language, why))
    log.warning(f"The closing report of {day} ({language}) was not delivered by {name}: {why}")
    if first_failure:
        message = f"The closing report of {day} ({language}) was not delivered by {name}: {why}"
        record_alert(
            logs_dir, ALERT_KIND, message, day=day.isoformat(), channel=name, language=language, version=version
        )


def _reason(error: Exception) -> str:
    if isinstance(error, MailFailed | WebhookFailed):
        return str(error)
    return f"unexpected {type(error).__name__}: {error}"
