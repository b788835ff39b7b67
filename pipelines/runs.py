"""A run of trading days from the terminal: `hkclose backfill` and `hkclose report` start one
Dagster run of the job `daily_close` in this process, with progress on the terminal.

Just under the command line: may import any module of `pipelines` but `pipelines.cli`.
"""

import os
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import typer

from pipelines.config import SOURCES, Settings, environment_values
from pipelines.startup import long_lived_imports

# Dagster's switch for one "materialization planned" event per asset and run instead of one per asset
# and day (dagster-io/dagster#32242): 14 writes instead of 34,440 for a ten-year backfill, which
# buys about a sixth of its time (docs/performance.md, "What each trick buys").
PLANNED_EVENTS_SWITCH = "DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS"

HONG_KONG = ZoneInfo("Asia/Hong_Kong")


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


def run_days(start: date, end: date, source: str | None, replay: Path | None = None, wait_minutes: float = 0) -> None:
    """Materialize every asset for the trading days from start to end, as one run."""
    # The options over the environment's settings; the run gets them in its config (below).
    values = environment_values()
    if source is not None:
        if source not in SOURCES:
            raise typer.BadParameter(f"{source!r} is not one of {', '.join(SOURCES)}", param_hint="--source")
        values["source"] = source
    if replay is not None:
        values["replay_dir"] = str(replay.resolve())
    if end < start:
        raise typer.BadParameter(f"END {end} is before START {start}")

    # Imported here so that `hkclose --help` answers at once.
    with long_lived_imports():
        from dagster import DagsterInstance

        from pipelines.definitions import DEFINITIONS
        from pipelines.defs.partitions import trading_days
        from pipelines.market.calendar import CalendarExhausted, hkex_calendar
        from pipelines.report.render import REPORT_FILES, ZH_FILES

    try:
        days = [d for d in hkex_calendar().trading_days(start, end) if trading_days.has_partition_key(d.isoformat())]
    except CalendarExhausted as error:
        raise typer.BadParameter(str(error)) from None
    if not days:
        raise typer.BadParameter(f"no HKEX trading day (with a partition) between {start} and {end}")
    settings = Settings.from_values(**values)
    from pipelines.sources.registry import source_type

    source = source_type(settings.source)
    if settings.replay_dir and not source.replayable:
        raise typer.BadParameter(
            f"source {settings.source!r} keeps no payloads to replay: add --source hkex", param_hint="--replay"
        )
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
    if wait_minutes > 0 and source.published_by and days[-1] == datetime.now(HONG_KONG).date():
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
        "storage_version": settings.storage_version,
        "reports_url": settings.reports_url,
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
        result = DEFINITIONS.resolve_job_def("daily_close").execute_in_process(
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
