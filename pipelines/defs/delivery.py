"""The day's closing report to its readers: the sensor `deliver_closing_report`.

Every minute it looks at the latest trading day whose close has passed (the day the daily sensor
runs) and, once that day's report is written, sends it by mail and chat where it has not gone yet
(`pipelines/delivery/`). A sensor reading the reports folder, not a step of the run: it adds no
event to a run, let alone one per day of a backfill, never holds the warehouse's writer, and sends
whatever wrote the day's report (the daily run the publication sensor launches, a re-run, or
`hkclose report`). Past days are never sent by it: `hkclose report DAY --deliver` sends one on
request. The delivery record (`delivery/sent.jsonl` beside the warehouse) makes each send happen
once per channel and language, and a changed report go out once more as a correction; a channel
that failed is tried again on the next tick.
"""

import logging
from datetime import date
from pathlib import Path

from dagster import DefaultSensorStatus, SensorEvaluationContext, SkipReason, sensor

from pipelines.config import Settings
from pipelines.defs.daily_sensor import due_day, hong_kong_now
from pipelines.defs.resources import HkcloseResource
from pipelines.delivery.channels import NO_CHANNEL, channels_on
from pipelines.delivery.deliver import DeliveryOutcome, deliver_day
from pipelines.market.calendar import CalendarExhausted


def record_dir(settings: Settings) -> Path:
    """The delivery record's folder: beside the warehouse, so publishing and `hkclose rollback`
    (which replace the warehouse file) and a report re-written never lose it."""
    return settings.warehouse_path.parent / "delivery"


def deliver(settings: Settings, day: date, log: logging.Logger) -> DeliveryOutcome:
    """Send the day's report where it has not gone; FileNotFoundError when it is not written,
    ValueError when delivery is not set up right."""
    return deliver_day(day, settings.reports_dir, record_dir(settings), settings.logs_dir, settings.delivery, log)


def summary(outcome: DeliveryOutcome) -> str:
    """One line: what was sent, what had been sent before, what failed (to be tried again)."""
    parts = [f"{channel} {language}" + (" (correction)" if fixed else "") for channel, language, fixed in outcome.sent]
    said = [f"sent {', '.join(parts)}"] if parts else []
    if outcome.already_sent:
        said.append("sent before: " + ", ".join(f"{c} {lang}" for c, lang in outcome.already_sent))
    if outcome.failed:
        said.append(
            "failed, tried again next time: " + "; ".join(f"{c} {lang}: {why}" for c, lang, why in outcome.failed)
        )
    return f"{outcome.day}: " + ("; ".join(said) or "nothing to send")


@sensor(
    name="deliver_closing_report",
    minimum_interval_seconds=60,
    default_status=DefaultSensorStatus.RUNNING,
    description="Sends the latest trading day's closing report by mail and chat once it is written, once per channel "
    "and language (a changed report: once more, as a correction); retries a channel that failed.",
)
def deliver_closing_report(context: SensorEvaluationContext, hkclose: HkcloseResource) -> SkipReason:
    settings = hkclose.settings()
    try:
        delivery = settings.delivery
    except ValueError as error:  # said on every tick, in the UI, until it is fixed
        context.log.error(f"delivery is not set up right: {error}")
        return SkipReason(f"delivery is not set up right: {error}")
    if not channels_on(delivery):
        return SkipReason(NO_CHANNEL)
    try:
        day = due_day(hong_kong_now())
    except CalendarExhausted as error:
        return SkipReason(str(error))
    try:
        outcome = deliver(settings, day, context.log)
    except FileNotFoundError:
        return SkipReason(f"the report of {day} is not written yet")
    return SkipReason(summary(outcome))
