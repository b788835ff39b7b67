"""The daily close, launched once the day's publications are out.

From 16:30 Hong Kong time on a trading day, every minute, the sensor asks the source what the day
still waits for (`Source.waiting_for`: HKEX's Daily Quotations page and Stock Connect statistics,
a landing folder's required files; nothing for the sample and the simulator). Each tick says what
it waits for (the sensor's tick history in the UI). Once nothing is missing it requests the day's
run, keyed by the day, so a day is launched once. The run itself never waits for a publisher, so it
never holds the warehouse's writer while nothing runs. At the source's publication time
(`Source.published_by`: 18:00 for HKEX and for landing files), a publication still missing is
alerted once, naming its URL; the 17:30 report deadline check is
separate (`defs/checks.py`).

The day the sensor looks at is the latest trading day whose close has passed, so a day missed while
the daemon was down is launched when it comes back, if no later trading day has closed since.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from dagster import (
    AssetKey,
    DefaultSensorStatus,
    RunRequest,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from pipelines.alert_log import record_alert
from pipelines.contract.delivery import Source
from pipelines.defs.partitions import LOADED_ON, TIMEZONE, trading_days
from pipelines.defs.resources import HkcloseResource
from pipelines.defs.schedules import daily_close_job
from pipelines.market.calendar import CalendarExhausted, hkex_calendar
from pipelines.sources.registry import source_from_settings

HONG_KONG = ZoneInfo(TIMEZONE)
# The day's run is asked for from this time on (the closing auction ends at 16:10).
RUN_FROM = time(16, 30)


@dataclass(frozen=True)
class Tick:
    """What one evaluation decided."""

    run_day: date | None  # the day whose run to request, if any
    reason: str  # what the tick did, or what it waits for
    alert: str | None  # a publication still missing past its deadline, said once a day
    cursor: dict[str, str]  # the last day requested, the last day alerted


def due_day(now: datetime) -> date:
    """The latest trading day whose run is due at `now` (its 16:30 has passed)."""
    local = now.astimezone(HONG_KONG)
    calendar = hkex_calendar()
    today = local.date()
    if local.time() >= RUN_FROM and calendar.is_trading_day(today):
        return today
    return calendar.previous_trading_day(today)


def decide(now: datetime, cursor: dict[str, str], source: Source, report_written: Callable[[date], bool]) -> Tick:
    day = due_day(now)
    if cursor.get("requested", "") >= day.isoformat():
        following = hkex_calendar().next_trading_day(day)
        return Tick(None, f"the run of {day} was requested; the next is due on {following} from 16:30", None, cursor)
    if report_written(day):
        return Tick(None, f"the report of {day} is out already", None, {**cursor, "requested": day.isoformat()})
    missing = source.waiting_for(day)
    if not missing:
        return Tick(
            day, f"the publications of {day} are out: its run is requested", None, {**cursor, "requested": str(day)}
        )
    reason = f"waiting for {day}: " + "; ".join(missing)
    # A source that holds every day at once (no publication time) will not bring it later.
    due = source.published_by or now.astimezone(HONG_KONG).time()
    if now < datetime.combine(day, due, HONG_KONG) or cursor.get("alerted") == day.isoformat():
        return Tick(None, reason, None, cursor)
    alert = (
        f"{day}: still missing at {due:%H:%M} Hong Kong time, so no report yet: "
        + "; ".join(missing)
        + ". The sensor launches the run as soon as it is out; or give the kinds as landing files (docs/sources.md)"
    )
    return Tick(None, reason, alert, {**cursor, "alerted": day.isoformat()})


def hong_kong_now() -> datetime:
    return datetime.now(HONG_KONG)


@sensor(
    name="daily_close_when_published",
    job=daily_close_job,
    minimum_interval_seconds=60,
    default_status=DefaultSensorStatus.STOPPED,
    description="From 16:30 on trading days: launches the day's daily_close run once the day's publications are out "
    "(HKEX's Daily Quotations and Stock Connect statistics, or the landing files); at 18:00 alerts what is missing.",
)
def daily_close_when_published(context: SensorEvaluationContext, hkclose: HkcloseResource) -> SensorResult | SkipReason:
    settings = hkclose.settings()
    written = context.instance.get_materialized_partitions(AssetKey("closing_report"))
    try:
        tick = decide(
            hong_kong_now(),
            json.loads(context.cursor or "{}"),
            source_from_settings(settings),
            lambda day: day.isoformat() in written,
        )
    except CalendarExhausted as error:
        return SkipReason(str(error))
    context.log.info(tick.reason)
    if tick.alert:
        record_alert(settings.logs_dir, "publication_late", tick.alert, partitions=tick.cursor["alerted"])
    cursor = json.dumps(tick.cursor, sort_keys=True)
    if tick.run_day is None:
        return SensorResult(skip_reason=tick.reason, cursor=cursor)
    day = tick.run_day.isoformat()
    if not trading_days.has_partition_key(day):  # a code location loaded over a year ago (defs/partitions.py)
        return SkipReason(
            f"{day} is past the last partition of this code location, loaded on {LOADED_ON}: restart the "
            "services (`make stop`, `make serve`) or reload the code location in the UI, and the run follows"
        )
    return SensorResult(run_requests=[RunRequest(run_key=day, partition_key=day)], cursor=cursor)
