"""`hkclose`: backfill a range of trading days or build one day's report, as one Dagster run in
this process, with progress on the terminal. A thin layer over the job `daily_close`; the plain
`dagster asset materialize` commands do the same (README).

Top layer: may import any module of `pipelines`.
"""

import logging
import warnings
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

# A library's notes on its own API (Dagster's beta and preview parameters, deprecations) are for
# hkclose's developers, not for the user of a command: only hkclose's own warnings reach the
# terminal (and cron's mail of `hkclose health`).
warnings.filterwarnings("ignore", category=DeprecationWarning)
for library in ("dagster", "dagster_dbt", "dbt", "pydantic", "dataframely", "polars"):
    warnings.filterwarnings("ignore", module=library)

from pipelines.config import SOURCES, Settings  # noqa: E402 (after the filters: importing Dagster warns)
from pipelines.runs import HONG_KONG, run_days  # noqa: E402

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__.split("\n\n")[0])

SourceOption = Annotated[
    str | None,
    typer.Option("--source", help=f"Where raw data comes from: {', '.join(SOURCES)} [HKCLOSE_SOURCE, else sample]."),
]


def loaded_settings() -> Settings:
    """The settings from the environment, once per command; exit 2 naming a variable that is wrong."""
    try:
        return Settings.from_env()
    except ValueError as error:
        typer.secho(f"hkclose: {error}", fg="red", err=True)
        raise typer.Exit(2) from None


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a date (YYYY-MM-DD)") from None


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
    deliver: Annotated[
        bool,
        typer.Option(
            "--deliver",
            help="Then send the report by mail and chat (docs/report.md), where it has not gone yet, before "
            "returning. The daily run's report is sent by the services on its own; this sends a past day on request.",
        ),
    ] = False,
) -> None:
    """Ingest, build the marts and write the closing report for one trading day."""
    the_day = parse_day(day)
    settings = settings_to_deliver() if deliver else None  # a settings error stops before the run
    run_days(the_day, the_day, source, replay, wait_minutes=wait)
    if settings is not None:
        deliver_report(the_day, settings)


def settings_to_deliver() -> Settings:
    """The settings, with delivery set up right and a channel on; else exit 2 naming what is wrong or missing."""
    from pipelines.delivery.channels import NO_CHANNEL, channels_on

    settings = loaded_settings()
    try:
        delivery = settings.delivery
    except ValueError as error:
        typer.secho(f"hkclose: --deliver: {error}", fg="red", err=True)
        raise typer.Exit(2) from None
    if not channels_on(delivery):
        typer.secho(f"hkclose: --deliver: {NO_CHANNEL}", fg="red", err=True)
        raise typer.Exit(2)
    return settings


def deliver_report(day: date, settings: Settings) -> None:
    """Send the day's report; a channel that fails is said (and alerted), the report stays written."""
    from pipelines.defs.delivery import deliver, summary

    outcome = deliver(settings, day, logging.getLogger("hkclose"))
    typer.echo(f"Delivered: {summary(outcome)}")
    if outcome.failed:
        typer.secho(
            "hkclose: some channels failed (recorded in logs/alerts.log); `hkclose report DAY --deliver` "
            "or the services' sensor sends what is left",
            fg="yellow",
            err=True,
        )


@app.command()
def serve() -> None:
    """Start PostgreSQL, the webserver (127.0.0.1, HKCLOSE_UI_PORT or 3000) and the daemon under supervisord; return."""
    from pipelines.services.service import ServiceSettings
    from pipelines.services.service import serve as start_services

    start_services(ServiceSettings.from_settings(loaded_settings()), echo=typer.echo)


@app.command()
def stop() -> None:
    """Stop the webserver, the daemon (with their code servers and runs) and PostgreSQL."""
    from pipelines.services.service import ServiceSettings
    from pipelines.services.service import stop as stop_services

    stop_services(ServiceSettings.from_settings(loaded_settings()), echo=typer.echo)


@app.command()
def status() -> None:
    """Say what runs: the webserver, the daemon, PostgreSQL."""
    from pipelines.services.service import ServiceSettings
    from pipelines.services.service import status as service_status

    found = service_status(ServiceSettings.from_settings(loaded_settings()))
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
    from pipelines.services.health import check
    from pipelines.services.service import ServiceSettings

    settings = loaded_settings()
    found = check(settings, ServiceSettings.from_settings(settings), datetime.now(HONG_KONG))
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
    from pipelines.lake.publish import NothingToRollBack
    from pipelines.lake.publish import rollback as roll_back
    from pipelines.lake.writer import WarehouseBusy, one_writer

    settings = loaded_settings()
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
    from pipelines.services.purge import purge_finished_runs
    from pipelines.services.service import InstanceMismatch, instance_for_runs

    try:
        home = instance_for_runs(loaded_settings().warehouse_path.parent)
    except InstanceMismatch as error:
        typer.secho(f"hkclose: {error}", fg="red", err=True)
        raise typer.Exit(2) from None
    if home is None:
        raise typer.BadParameter("no instance to purge: set DAGSTER_HOME (or start the services)")
    deleted = purge_finished_runs(home, older_than)
    typer.echo(f"deleted {deleted} run(s) that ended over {older_than} day(s) ago, with their event logs, from {home}")
