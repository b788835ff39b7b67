"""`hkclose health`: a watchdog on the watchers. The alerts, the daily sensor and the deadline
check all run in Dagster's daemon; when the daemon or PostgreSQL is down, nothing inside can say so.
This runs from outside the services (cron, a systemd timer: docs/deployment.md) and checks:

- the services' supervisord and each service it keeps (PostgreSQL, the webserver, the daemon);
- PostgreSQL: it accepts connections; the webserver: it answers;
- the daemon's heartbeats: each of its threads beats every 30 s, so one older than 60 s means it
  stopped (a stopped daemon shows within 60 s; with cron every minute, within 2 minutes);
- the latest trading day whose report deadline (17:30) has passed has its report;
- free disk beside the warehouse (a publish copies the whole warehouse);
- the trading calendar does not end within half a year.

Each problem is one line; none means all is well.
"""

import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import httpx
from dagster import AssetKey, DagsterInstance

from pipelines.config import Settings
from pipelines.defs.checks import due_trading_day
from pipelines.market.calendar import hkex_calendar
from pipelines.services.service import (
    SERVICES,
    InstanceMismatch,
    ServiceSettings,
    ServiceState,
    instance_for_runs,
    status,
)

HEARTBEAT_STALE_SECONDS = 60
MIN_FREE_BYTES = 2 * 1024**3
CALENDAR_WARNING = timedelta(days=183)


@dataclass(frozen=True)
class Health:
    problems: list[str]
    fine: list[str]  # what was checked and found well, for the operator's eye


def check(settings: Settings, services: ServiceSettings, now: datetime) -> Health:
    problems: list[str] = []
    fine: list[str] = []
    state = ServiceState.read(services.service_dir)
    if state is not None:
        _check_services(services, state, problems, fine)
    try:
        home = instance_for_runs(settings.warehouse_path.parent)
    except InstanceMismatch as error:
        home = None
        problems.append(str(error))
    if home is None and state is None:
        problems.append("no Dagster instance to watch: DAGSTER_HOME is not set and the services are not configured")
    elif home is not None:
        _check_instance(home, now, problems, fine)
    _check_disk(settings.warehouse_path.parent, problems, fine)
    _check_calendar(now, problems, fine)
    return Health(problems, fine)


def _check_services(services: ServiceSettings, state: ServiceState, problems: list[str], fine: list[str]) -> None:
    found = status(services)
    for name in SERVICES:
        if found[name].startswith("running"):
            fine.append(f"{name} {found[name]}")
        else:
            problems.append(f"{name} is {found[name]}: `make serve` starts the services (logs in {services.log_dir})")
    if found["postgresql"].startswith("running") and not services.cluster.accepts_connections():
        problems.append(
            f"PostgreSQL ({state.pg_dir}) runs but refuses connections: see {services.log_dir}/postgresql.log"
        )
    try:
        answered = httpx.get(f"{state.ui_url}/server_info", timeout=5).status_code == 200
    except httpx.HTTPError:
        answered = False
    (fine if answered else problems).append(
        f"the webserver {'answers' if answered else 'does not answer'} on {state.ui_url}"
    )


def _check_instance(home: Path, now: datetime, problems: list[str], fine: list[str]) -> None:
    try:
        with DagsterInstance.from_config(str(home)) as instance:
            last_beats = {daemon: beat.timestamp for daemon, beat in instance.get_daemon_heartbeats().items()}
            required = instance.get_required_daemon_types()
            written = instance.get_materialized_partitions(AssetKey("closing_report"))
    except Exception as error:  # a database that is down raises its driver's own errors
        problems.append(f"cannot read the Dagster instance {home}: {type(error).__name__}: {str(error)[:200]}")
        return
    stale = stale_daemons(last_beats, required, now)
    if stale:
        problems.append(
            f"the daemon is not running: its last heartbeats are over {HEARTBEAT_STALE_SECONDS} s old: "
            f"{', '.join(stale)}; no sensor, alert or retry runs until it is back (`make serve`, or `make ui`)"
        )
    else:
        fine.append(f"the daemon beats ({len(required)} threads, each within {HEARTBEAT_STALE_SECONDS} s)")
    due = due_trading_day(now)
    if due.isoformat() in written:
        fine.append(f"the report of {due}, the latest day past its 17:30 deadline, is out")
    else:
        latest = max(written, default="none")
        problems.append(f"the report of {due} is not out, and its deadline (17:30) has passed; the latest is {latest}")


def stale_daemons(last_beats: Mapping[str, float], required: Iterable[str], now: datetime) -> list[str]:
    """The daemon's threads (`required`) whose last heartbeat (a timestamp, by thread) is over a
    minute old at `now`: "SENSOR (61 s ago)", "BACKFILL (never)"."""
    stale = []
    for daemon in required:
        beat = last_beats.get(daemon)
        age = now.timestamp() - beat if beat is not None else None
        if age is None or age > HEARTBEAT_STALE_SECONDS:
            stale.append(f"{daemon} ({'never' if age is None else f'{age:.0f} s ago'})")
    return stale


def _check_disk(folder: Path, problems: list[str], fine: list[str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(folder).free
    text = f"{free / 1024**3:.1f} GiB free beside the warehouse ({folder})"
    if free < MIN_FREE_BYTES:
        problems.append(f"only {text}: a publish copies the whole warehouse; free some space")
    else:
        fine.append(text)


def _check_calendar(now: datetime, problems: list[str], fine: list[str]) -> None:
    horizon = hkex_calendar().horizon
    if now.date() > horizon - CALENDAR_WARNING:
        problems.append(
            f"the trading calendar ends on {horizon}: upgrade exchange_calendars (pyproject.toml, "
            "`make lock`, `make calendar`) before then, or no day after it can be run"
        )
    else:
        fine.append(f"the trading calendar runs to {horizon}")
