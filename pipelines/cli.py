"""`hkclose`: backfill a range of trading days or build one day's report, as one Dagster run in
this process, with progress on the terminal. A thin layer over the job `daily_close`; the plain
`dagster asset materialize` commands do the same (README).

Top layer: may import any module of `pipelines`.
"""

import logging
import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from pipelines.config import SOURCES
from pipelines.startup import long_lived_imports

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__.split("\n\n")[0])

# Dagster's switch for one "materialization planned" event per asset and run instead of one per asset
# and day (dagster-io/dagster#32242): 11 writes instead of 27,060 for a ten-year backfill.
PLANNED_EVENTS_SWITCH = "DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS"

# Sources whose day comes from a publisher after the close (the others hold every day at once).
PUBLISHED_SOURCES = ("hkex", "landing")
HONG_KONG = ZoneInfo("Asia/Hong_Kong")

SourceOption = Annotated[
    str | None,
    typer.Option("--source", help=f"Where raw data comes from: {', '.join(SOURCES)} [HKCLOSE_SOURCE, else sample]."),
]


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)") from None


@contextmanager
def planned_events_for(days: int) -> Iterator[None]:
    """One planned event per asset for a range of days, unless the user chose otherwise.

    The price in Dagster OSS: the days an asset of a failed range did not build show as missing
    rather than failed, which is what they are, since only whole builds are published
    (docs/operations.md). A single day keeps Dagster's default: a failed scheduled day shows as failed.
    """
    if days == 1 or PLANNED_EVENTS_SWITCH in os.environ:
        yield
        return
    os.environ[PLANNED_EVENTS_SWITCH] = "true"
    try:
        yield
    finally:
        del os.environ[PLANNED_EVENTS_SWITCH]


ReplayOption = Annotated[
    Path | None,
    typer.Option(
        "--replay",
        help="With --source hkex: build from the payloads kept in this folder, with no network "
        "(a downloads/ folder, or tests/fixtures/replay/YYYY-MM-DD) [HKCLOSE_REPLAY_DIR].",
        file_okay=False,
        exists=True,
    ),
]


def run_days(start: date, end: date, source: str | None, replay: Path | None = None, wait_minutes: float = 0) -> None:
    """Materialize every asset for the trading days from start to end, as one run."""
    if source is not None:
        if source not in SOURCES:
            raise typer.BadParameter(f"{source!r} is not one of {', '.join(SOURCES)}", param_hint="--source")
        os.environ["HKCLOSE_SOURCE"] = source
    if replay is not None:
        if os.environ.get("HKCLOSE_SOURCE") != "hkex":
            raise typer.BadParameter("replays the hkex source's payloads: add --source hkex", param_hint="--replay")
        os.environ["HKCLOSE_REPLAY_DIR"] = str(replay.resolve())
    if end < start:
        raise typer.BadParameter(f"END {end} is before START {start}")

    # Imported here so that `hkclose --help` answers at once.
    with long_lived_imports():
        from dagster import DagsterInstance

        from pipelines.config import Settings
        from pipelines.definitions import defs
        from pipelines.defs.partitions import trading_days
        from pipelines.market.calendar import CalendarExhausted, hkex_calendar
        from pipelines.report.render import REPORT_FILES, ZH_FILES

    try:
        days = [d for d in hkex_calendar().trading_days(start, end) if trading_days.has_partition_key(d.isoformat())]
    except CalendarExhausted as error:
        raise typer.BadParameter(str(error)) from None
    if not days:
        raise typer.BadParameter(f"no HKEX trading day (with a partition) between {start} and {end}")
    settings = Settings.from_env()
    typer.echo(f"hkclose: {len(days)} trading day(s) {days[0]} .. {days[-1]} from source '{settings.source}'")
    typer.echo(f"  warehouse {settings.warehouse_path}\n  reports   {settings.reports_dir}")

    from pipelines.services.service import InstanceMismatch, instance_for_runs

    try:
        home = instance_for_runs(settings.warehouse_path.parent)
    except InstanceMismatch as error:
        typer.secho(f"hkclose: {error}", fg="red", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"  instance  {home or 'in memory (DAGSTER_HOME is not set)'}")
    # Only today's publications can be late; a past day's missing file is an error at once.
    if wait_minutes > 0 and settings.source in PUBLISHED_SOURCES and days[-1] == datetime.now(HONG_KONG).date():
        from pipelines.sources.registry import source_from_settings

        wait_until_published(source_from_settings(settings), days[-1], wait_minutes)
    instance = DagsterInstance.from_config(str(home)) if home else DagsterInstance.ephemeral()
    # The settings go in the run's config (shown with the run in the UI), so the run uses them
    # whatever environment the code location was loaded in.
    hkclose_config = {
        "source": settings.source,
        "landing_dir": str(settings.landing_dir),
        "warehouse": str(settings.warehouse_path),
        "reports_dir": str(settings.reports_dir),
        "replay_dir": str(settings.replay_dir) if settings.replay_dir else None,
    }
    tags = {
        "dagster/asset_partition_range_start": days[0].isoformat(),
        "dagster/asset_partition_range_end": days[-1].isoformat(),
        # The user is at the terminal (or the cron job that ran it reports its exit code): a run of
        # this process is never retried by the services' daemon, which could not relaunch it anyway.
        "dagster/max_retries": "0",
    }
    # cron, systemd and `timeout` stop a command with SIGTERM: stop the run as Ctrl-C does, at any
    # point (waiting for the writer included), and the run is marked failed.
    signal.signal(signal.SIGTERM, lambda *_: signal.raise_signal(signal.SIGINT))
    started = time.perf_counter()
    with planned_events_for(len(days)):
        result = defs.resolve_job_def("daily_close").execute_in_process(
            instance=instance,
            tags=tags,
            run_config={
                "loggers": {"console": {"config": {"log_level": "INFO"}}},
                "resources": {"hkclose": {"config": hkclose_config}},
            },
            raise_on_error=False,
        )
    elapsed = time.perf_counter() - started
    typer.echo("")
    for event in result.get_step_success_events():
        typer.echo(f"  {event.step_key:<22} {event.event_specific_data.duration_ms / 1000:8.1f} s")
    if not result.success:
        typer.secho(
            f"hkclose: run {result.run_id} failed after {elapsed:.1f} s; see the errors above", fg="red", err=True
        )
        raise typer.Exit(1)
    typer.echo(f"  {'total':<22} {elapsed:8.1f} s  (run {result.run_id})")
    latest = settings.reports_dir / days[-1].isoformat()
    typer.echo(f"\nThe closing report of {days[-1]} is in {latest}/:")
    for name in (*REPORT_FILES, *ZH_FILES):
        typer.echo(f"  {latest / name}")
    typer.echo(f"Every day's reports: {settings.reports_dir / 'index.html'}")
    if len(days) > 1:
        typer.echo(f"and those of the {len(days) - 1} days before it beside it, one folder per day.")


def wait_until_published(source, day: date, minutes: float) -> None:
    """Before the run starts (never inside it, which would hold the warehouse's writer): wait up to
    `minutes` for what the day still waits for from its publishers, saying what each minute."""
    deadline = time.monotonic() + minutes * 60
    while missing := source.waiting_for(day):
        left = deadline - time.monotonic()
        if left <= 0:
            typer.secho(
                f"hkclose: after {minutes:g} min, still missing: {'; '.join(missing)}. Try again later "
                "(the daily sensor launches the day's run when it is out), or give the kinds as landing files",
                fg="red",
                err=True,
            )
            raise typer.Exit(1)
        typer.echo(f"  waiting   {'; '.join(missing)}; asking again in 1 min ({left / 60:.0f} min left)")
        time.sleep(min(60.0, left))


@app.command()
def backfill(
    start: Annotated[str, typer.Argument(help="First day, YYYY-MM-DD.")],
    end: Annotated[str, typer.Argument(help="Last day, YYYY-MM-DD (included).")],
    source: SourceOption = None,
    replay: ReplayOption = None,
) -> None:
    """Ingest, build the marts and write the reports for every trading day from START to END, in one run."""
    run_days(parse_day(start), parse_day(end), source, replay)


@app.command()
def report(
    day: Annotated[str, typer.Argument(help="The trading day, YYYY-MM-DD.")],
    source: SourceOption = None,
    replay: ReplayOption = None,
    wait: Annotated[
        float,
        typer.Option(
            "--wait",
            help="Minutes to wait, before the run starts, for the day's publications (HKEX's pages are out "
            "some time after the close; a landing folder's files). 0: start at once.",
        ),
    ] = 10,
) -> None:
    """Ingest, build the marts and write the closing report for one trading day."""
    run_days(parse_day(day), parse_day(day), source, replay, wait_minutes=wait)


@app.command()
def serve() -> None:
    """Start PostgreSQL, the webserver (127.0.0.1, HKCLOSE_UI_PORT or 3000) and the daemon under supervisord; return."""
    from pipelines.services.service import ServiceSettings
    from pipelines.services.service import serve as start_services

    start_services(ServiceSettings.from_env(), echo=typer.echo)


@app.command()
def stop() -> None:
    """Stop the webserver, the daemon (with their code servers and runs) and PostgreSQL."""
    from pipelines.services.service import ServiceSettings
    from pipelines.services.service import stop as stop_services

    stop_services(ServiceSettings.from_env(), echo=typer.echo)


@app.command()
def status() -> None:
    """Say what runs: the webserver, the daemon, PostgreSQL."""
    from pipelines.services.service import ServiceSettings
    from pipelines.services.service import status as service_status

    found = service_status(ServiceSettings.from_env())
    for name, state in found.items():
        typer.echo(f"{name:<11} {state}")
    if any(not state.startswith("running") for state in found.values()):
        raise typer.Exit(3)


@app.command()
def health(
    alert: Annotated[
        bool, typer.Option("--alert", help="Also post the problems to HKCLOSE_ALERT_WEBHOOK (and record them).")
    ] = False,
) -> None:
    """Check the watchers from outside: the services, PostgreSQL, the daemon's heartbeat, the latest
    report, free disk, the calendar. Exit 0 when all is well, else 1 with one line per problem."""
    from pipelines.alert_log import WebhookFailed, post_alert, record_alert
    from pipelines.config import Settings
    from pipelines.services.health import check
    from pipelines.services.service import ServiceSettings

    settings = Settings.from_env()
    found = check(settings, ServiceSettings.from_env(), datetime.now(HONG_KONG))
    for line in found.fine:
        typer.echo(f"ok       {line}")
    for line in found.problems:
        typer.secho(f"PROBLEM  {line}", fg="red")
    if not found.problems:
        return
    if alert:
        message = f"hkclose health: {len(found.problems)} problem(s): " + " | ".join(found.problems)
        # Recorded as posted here, so the daemon's post_alerts (if it runs at all) does not post it again.
        sent = record_alert(settings.logs_dir, "health", message, posted_by="hkclose health")
        if settings.alert_webhook:
            try:
                post_alert(settings.alert_webhook, sent, attempts=3)
            except WebhookFailed as error:
                typer.secho(f"hkclose: {error}", fg="red", err=True)
    raise typer.Exit(1)


@app.command()
def rollback() -> None:
    """Put the previously published warehouse back (run it again to undo)."""
    from pipelines.config import Settings
    from pipelines.lake.publish import NothingToRollBack
    from pipelines.lake.publish import rollback as roll_back
    from pipelines.lake.writer import WarehouseBusy, one_writer

    settings = Settings.from_env()
    try:
        # Never under a run that is writing: a rollback between its build and its publish would be lost.
        with one_writer(settings.warehouse_path, logging.getLogger("hkclose"), who="hkclose rollback", wait=False):
            published = roll_back(settings)
    except (NothingToRollBack, WarehouseBusy) as error:
        typer.secho(f"hkclose: {error}", fg="red", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"rolled back {published} to its previous generation; the next run builds on it")


@app.command("purge-runs")
def purge_runs(
    older_than: Annotated[int, typer.Option("--older-than", help="Days: runs that ended before this many days ago.")],
) -> None:
    """Delete old runs and their event logs from the Dagster instance (DAGSTER_HOME, or the services')."""
    from pipelines.config import Settings
    from pipelines.services.purge import purge_finished_runs
    from pipelines.services.service import InstanceMismatch, instance_for_runs

    try:
        home = instance_for_runs(Settings.from_env().warehouse_path.parent)
    except InstanceMismatch as error:
        typer.secho(f"hkclose: {error}", fg="red", err=True)
        raise typer.Exit(2) from None
    if home is None:
        raise typer.BadParameter("no instance to purge: set DAGSTER_HOME (or start the services)")
    deleted = purge_finished_runs(home, older_than)
    typer.echo(f"deleted {deleted} run(s) that ended over {older_than} day(s) ago, with their event logs, from {home}")
