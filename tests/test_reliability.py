"""One writer at a time, analysts never block a run, a killed run loses nothing, checks block the report."""

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import polars as pl
import psutil
import pytest
from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus
from filelock import FileLock, Timeout

from pipelines.config import PROJECT_ROOT, SAMPLE_DIR
from pipelines.definitions import DEFINITIONS
from pipelines.defs.checks import due_trading_day, report_freshness
from pipelines.defs.resources import WAREHOUSE_POOL, dbt_project
from pipelines.files import TEMPORARY_SUFFIX
from pipelines.lake.build import declared_mart_columns
from pipelines.lake.migration import outdated_marts
from pipelines.lake.writer import LOCK_RELEASED, LOCK_TAKEN, LOCK_WAITING, writer_lock_path
from tests.helpers import built_once, materialize_days, warehouse_env
from tests.processes import RUN_TIMEOUT_SECONDS, Lines, run_to_end, started

pytestmark = pytest.mark.e2e  # through Dagster into a temporary warehouse (`make test-fast` leaves it out)

HKCLOSE = str(Path(sys.executable).with_name("hkclose"))
MARTS = sorted(declared_mart_columns(dbt_project.manifest_path))  # every mart the dbt project declares
# Columns read from the raw lake's earlier days rather than the marts': a run killed after landing
# its day leaves that day in the lake (and not in the marts), and the next day's figures see it.
FROM_THE_LAKES_HISTORY = {
    "index_daily": ("streak_days", "last_larger_move_on", "trading_days_since_larger_move"),
    "capital_flows": ("prev_net_buy_hkd",),
}
HONG_KONG = ZoneInfo("Asia/Hong_Kong")
DAILY_CLOSE = DEFINITIONS.resolve_job_def("daily_close")


def environment(root: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HKCLOSE_", "DAGSTER_HOME"))}
    return {**env, "HKCLOSE_WAREHOUSE": str(root / "hkclose.duckdb"), "HKCLOSE_SOURCE": "sample", **extra}


def hkclose(root: Path, *args: str, timeout: float = RUN_TIMEOUT_SECONDS, **extra: str) -> subprocess.CompletedProcess:
    return run_to_end([HKCLOSE, *args], timeout, env=environment(root, **extra), cwd=PROJECT_ROOT)


def marts(database: Path) -> dict[str, list[tuple]]:
    def columns(mart: str) -> str:
        left_out = FROM_THE_LAKES_HISTORY.get(mart)
        return f"* exclude ({', '.join(left_out)})" if left_out else "*"

    with duckdb.connect(str(database), read_only=True) as con:
        return {m: con.execute(f"select {columns(m)} from marts.{m} order by all").fetchall() for m in MARTS}


# --- one writer ------------------------------------------------------------------------------


def persistent_instance(root: Path) -> Path:
    """A Dagster instance on disk, as `make report` and `make ui` use (warehouse/dagster/dagster.yaml)."""
    home = root / "dagster"
    home.mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "warehouse" / "dagster" / "dagster.yaml", home)
    DagsterInstance.from_config(str(home)).dispose()  # its tables exist before runs race to create them
    return home


def write_window(instance: DagsterInstance, run_id: str) -> tuple[float, float]:
    """When the run took and released the warehouse's writer lock (event timestamps, Unix seconds
    as floats, to the microsecond)."""
    messages = [(entry.timestamp, entry.user_message) for entry in instance.all_logs(run_id)]
    taken = [t for t, message in messages if message.startswith(LOCK_TAKEN)]
    released = [t for t, message in messages if message.startswith(LOCK_RELEASED)]
    assert len(taken) == len(released) == 1, f"run {run_id} took the writer lock {len(taken)} times"
    return taken[0], released[0]


def test_two_runs_launched_at_once_both_succeed_one_writer_after_the_other(tmp_path: Path) -> None:
    home = persistent_instance(tmp_path)
    env = environment(tmp_path / "wh", DAGSTER_HOME=str(home))
    output = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True}
    with (
        started([HKCLOSE, "report", "2025-11-20"], env=env, **output) as first,
        started([HKCLOSE, "report", "2025-11-21"], env=env, **output) as second,
    ):
        outputs = [run.communicate(timeout=RUN_TIMEOUT_SECONDS)[0] for run in (first, second)]
        assert [first.returncode, second.returncode] == [0, 0], outputs

    # The runs' own records in the instance: event timestamps are floats, not log lines' seconds.
    instance = DagsterInstance.from_config(str(home))
    try:
        recorded = instance.get_runs()
        partitions = sorted(run.tags["dagster/asset_partition_range_start"] for run in recorded)
        assert partitions == ["2025-11-20", "2025-11-21"]
        windows = {run.run_id: write_window(instance, run.run_id) for run in recorded}
        waited = {
            run.run_id: [
                e.user_message for e in instance.all_logs(run.run_id) if e.user_message.startswith(LOCK_WAITING)
            ]
            for run in recorded
        }
    finally:
        instance.dispose()
    # A run holds the writer from before its first step to after its last, so the two runs' writes
    # never overlap, not even by a microsecond, and never alternate.
    (first, first_window), (second, second_window) = sorted(windows.items(), key=lambda item: item[1])
    assert first_window[1] < second_window[0], "the two runs wrote the warehouse at the same time"
    # The runs did contend: the second one waited, and said for whom.
    assert waited[second], "the runs never waited for each other: launched too far apart to test anything"
    assert f"run {first} of daily_close" in waited[second][0]
    days = [
        d
        for (d,) in duckdb.connect(str(tmp_path / "wh" / "hkclose.duckdb"), read_only=True)
        .execute("select trade_date from marts.market_breadth order by 1")
        .fetchall()
    ]
    assert [d.isoformat() for d in days] == ["2025-11-20", "2025-11-21"]


HOLD_WRITER_LOCK = """
import logging, sys, time
from pathlib import Path
from pipelines.lake.writer import one_writer
with one_writer(Path(sys.argv[1]), logging.getLogger("writer"), who="run held-by-a-test of daily_close"):
    print("held", flush=True)
    time.sleep(600)
"""


def test_a_writer_killed_while_it_holds_the_lock_leaves_the_warehouse_unlocked(tmp_path: Path) -> None:
    warehouse = tmp_path / "hkclose.duckdb"
    hold = [sys.executable, "-c", HOLD_WRITER_LOCK, str(warehouse)]
    with started(hold, stdout=subprocess.PIPE, text=True) as writer:
        assert Lines(writer).next().strip() == "held"
        lock = FileLock(writer_lock_path(warehouse))
        with pytest.raises(Timeout):
            lock.acquire(timeout=0)  # a second writer waits while the first writes
        writer.kill()
        writer.wait()
    lock.acquire(timeout=0)  # the kernel dropped the dead writer's lock: no stale lock to clear by hand
    lock.release()


def test_a_run_waiting_for_the_writer_names_it_costs_no_cpu_and_stops_on_sigterm(tmp_path: Path) -> None:
    home = persistent_instance(tmp_path)
    root = tmp_path / "wh"
    root.mkdir()
    hold = [sys.executable, "-c", HOLD_WRITER_LOCK, str(root / "hkclose.duckdb")]
    report = [HKCLOSE, "report", "2025-11-21"]
    output = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True}
    with (
        started(hold, stdout=subprocess.PIPE, text=True) as holder,
        started(report, env=environment(root, DAGSTER_HOME=str(home)), cwd=PROJECT_ROOT, **output) as waiting,
    ):
        assert Lines(holder).next().strip() == "held"
        lines = Lines(waiting)

        def next_wait_line() -> str:
            while LOCK_WAITING not in (line := lines.next()):
                pass
            return line

        next_wait_line(), next_wait_line()  # the first line, then one a few seconds on
        process = psutil.Process(waiting.pid)
        before, wall = sum(process.cpu_times()[:2]), time.monotonic()
        said = next_wait_line()
        cpu, elapsed = sum(process.cpu_times()[:2]) - before, time.monotonic() - wall
        # Dagster's own wait for a pool slot spins a whole core (issue: 100% CPU for 13 minutes).
        assert elapsed > 3 and cpu < 0.1 * elapsed, f"{cpu:.2f} s of CPU in {elapsed:.1f} s of waiting"
        assert "run held-by-a-test of daily_close (pid" in said
        waiting.send_signal(signal.SIGTERM)  # as cron, systemd and `timeout` stop a command
        assert waiting.wait(timeout=60) == 1, "".join(lines.read)
    with DagsterInstance.from_config(str(home)) as instance:
        (run,) = instance.get_runs()
    assert run.status == DagsterRunStatus.FAILURE
    assert not (root / "hkclose.duckdb").exists()  # nothing was written


# --- analysts never block a run --------------------------------------------------------------

ANALYST = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "read_only")
print(con.execute("select count(*) from marts.market_breadth").fetchone()[0], flush=True)
sys.stdin.readline()  # hold the session until told
print(con.execute("select count(*) from marts.market_breadth").fetchone()[0], flush=True)
"""


@pytest.mark.parametrize("mode", ["read_only", "read_write"])
def test_an_analyst_session_held_open_never_makes_a_run_fail(tmp_path: Path, monkeypatch, mode: str) -> None:
    settings = warehouse_env(monkeypatch, tmp_path)
    assert materialize_days(partition_key="2025-11-20").success
    session = [sys.executable, "-c", ANALYST, str(settings.warehouse_path), mode]
    with started(session, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as analyst:
        lines = Lines(analyst)
        assert lines.next().strip() == "1"
        assert materialize_days(partition_key="2025-11-21").success  # while the session is open
        analyst.stdin.write("\n")
        analyst.stdin.flush()
        assert lines.next().strip() == "1"  # the open session keeps the state it opened
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as fresh:
        assert fresh.execute("select count(*) from marts.market_breadth").fetchone()[0] == 2


# --- a killed run loses nothing --------------------------------------------------------------

# `hkclose report 2025-11-20`, killed with SIGKILL (its whole process group, dbt included) at a
# stage of the real run: inside the lake's landing, during dbt, while publishing, and in the middle
# of the report's folder swap.
KILL_AT = """
import os, signal, sys
import pipelines.defs.assets.marts as dbt_asset
import pipelines.files as files
import pipelines.lake.ingest as ingest
import pipelines.report.render as render
from pipelines.cli import app

def die():
    os.killpg(os.getpgrp(), signal.SIGKILL)

point = sys.argv[1]
if point == "raw_lake":
    original_replace, renamed = os.replace, []
    def replace(source, target):
        original_replace(source, target)
        renamed.append(target)
        if len(renamed) == 5:
            die()  # four of the day's twelve files renamed into place, the others still staged
    ingest.os.replace = replace
elif point == "dbt":
    original = dbt_asset.events_of_assets
    def events_of_assets(context, events):
        for number, event in enumerate(original(context, events)):
            if number == 3:
                die()
            yield event
    dbt_asset.events_of_assets = events_of_assets
elif point == "publish":
    def fsync(path):
        die()  # the working database is copied beside the published one, not yet renamed over it
    files.fsync = fsync
elif point == "report":
    original_symlink = os.symlink
    def symlink(source, link):
        original_symlink(source, link)
        die()  # the day's new folder written and its link made, not yet renamed over reports/2025-11-20
    render.os.symlink = symlink
sys.argv = ["hkclose", "report", "2025-11-20"]
app()
"""


@pytest.fixture(scope="session")
def three_days(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse with 17-19 Nov built and published, its runs in a persistent instance."""

    def build(root: Path) -> None:
        home = persistent_instance(root)
        assert hkclose(root / "wh", "backfill", "2025-11-17", "2025-11-19", DAGSTER_HOME=str(home)).returncode == 0

    return built_once(tmp_path_factory, "three_days", build)


CLEAN_RUNS = (("2025-11-21",), ("2025-11-20", "2025-11-21"))


@pytest.fixture(scope="session")
def clean_runs(three_days: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, ...], dict]:
    """The marts after the three days and these days' runs, one after the other, without a kill."""

    def build(root: Path) -> None:
        for number, days in enumerate(CLEAN_RUNS):
            shutil.copytree(three_days, root / str(number), ignore=shutil.ignore_patterns(".built"))
            for day in days:
                home = str(root / str(number) / "dagster")
                assert hkclose(root / str(number) / "wh", "report", day, DAGSTER_HOME=home).returncode == 0

    built = built_once(tmp_path_factory, "clean_runs", build)
    return {days: marts(built / str(number) / "wh" / "hkclose.duckdb") for number, days in enumerate(CLEAN_RUNS)}


def leftovers(root: Path) -> list[str]:
    """Temporary files and folders of any run, and report versions that no day links to."""
    found = [str(p) for p in root.rglob(f"*{TEMPORARY_SUFFIX}")]
    days = root / "reports" / ".days"
    linked = {p.resolve() for p in (root / "reports").iterdir() if p.is_symlink()}
    return found + [str(p) for p in days.iterdir() if p.resolve() not in linked]


@pytest.mark.parametrize("point", ["raw_lake", "dbt", "publish", "report"])
def test_a_run_killed_midway_is_marked_failed_and_the_next_days_run_finishes_as_a_clean_one(
    point: str, three_days: Path, clean_runs: dict, tmp_path: Path
) -> None:
    shutil.copytree(three_days, tmp_path, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".built"))
    root, home = tmp_path / "wh", str(tmp_path / "dagster")
    before = marts(root / "hkclose.duckdb")
    env = environment(root, DAGSTER_HOME=home)
    killed = run_to_end([sys.executable, "-c", KILL_AT, point], env=env, cwd=PROJECT_ROOT)
    assert killed.returncode == -9, killed.stdout[-2000:] + killed.stderr[-2000:]
    if point != "report":  # killed before publishing: the published warehouse is exactly as it was
        assert marts(root / "hkclose.duckdb") == before
    with DagsterInstance.from_config(home) as instance:
        dead = instance.get_runs(limit=1)[0]
        assert dead.status == DagsterRunStatus.STARTED  # as the kill left it: nobody said it died

    # The next day's run (timeout: it must not wait for the dead one; it takes about 10 s).
    after = hkclose(root, "report", "2025-11-21", DAGSTER_HOME=home, timeout=120)
    assert after.returncode == 0, after.stdout[-3000:] + after.stderr[-3000:]
    assert f"run {dead.run_id} (daily_close) was recorded as STARTED, but its process" in after.stderr
    with DagsterInstance.from_config(home) as instance:
        dead = instance.get_run_by_id(dead.run_id)
        slots = instance.event_log_storage.get_concurrency_info(WAREHOUSE_POOL)
        failure = instance.all_logs(dead.run_id, of_type=DagsterEventType.RUN_FAILURE)
    assert dead.status == DagsterRunStatus.FAILURE
    assert "no longer exists" in failure[-1].message
    assert not slots.active_run_ids and not slots.pending_run_ids
    # Killed while writing its report, the run had published its marts: they stay, and the day's
    # report comes with the re-run its failure asks for. Killed before, it published nothing.
    published = ("2025-11-20", "2025-11-21") if point == "report" else ("2025-11-21",)
    assert marts(root / "hkclose.duckdb") == clean_runs[published]
    report = (root / "reports" / "2025-11-21" / "closing_report.md").read_text()
    assert "## Market Trading Volume TOP10" in report
    assert not (root / "reports" / "2025-11-20").exists()
    assert leftovers(root) == []


# --- checks that block the report ------------------------------------------------------------


@pytest.fixture()
def landing_day(tmp_path: Path) -> Path:
    """The sample's 2025-11-21 as landing files."""
    root = tmp_path / "landing"
    root.mkdir()
    shutil.copy(SAMPLE_DIR / "securities.csv", root)
    for kind in ("quotes", "indexes", "fx", "notes", "watchlist"):
        (root / kind).mkdir()
        shutil.copy(SAMPLE_DIR / kind / "2025-11-21.csv", root / kind)
    shutil.copytree(SAMPLE_DIR / "macro", root / "macro")
    return root


def test_an_implausible_index_move_stops_the_report_and_says_why(
    tmp_path: Path, monkeypatch, landing_day: Path
) -> None:
    indexes = landing_day / "indexes" / "2025-11-21.csv"
    frame = pl.read_csv(indexes)
    frame.with_columns(
        pl.when(pl.col("index_code") == "HSI")
        .then(pl.col("prev_close") * 0.7)
        .otherwise("prev_close")
        .alias("prev_close")
    ).write_csv(indexes)
    settings = warehouse_env(monkeypatch, tmp_path / "wh", source="landing")
    monkeypatch.setenv("HKCLOSE_LANDING_DIR", str(landing_day))
    result = materialize_days(partition_key="2025-11-21")
    assert not result.success
    failed = [
        e
        for e in result.all_events
        if e.event_type_value == "ASSET_CHECK_EVALUATION" and not e.event_specific_data.passed
    ]
    assert [e.event_specific_data.check_name for e in failed] == ["index_moves_are_plausible"]
    assert not (settings.reports_dir / "2025-11-21").exists()
    assert not settings.warehouse_path.exists()  # nothing was published

    # The data provider confirms the move: the report goes out.
    frame = pl.read_csv(indexes).with_columns(is_large_move_confirmed=pl.col("index_code") == "HSI")
    frame.write_csv(indexes)
    assert materialize_days(partition_key="2025-11-21").success
    assert "the Hang Seng Index rose " in (settings.reports_dir / "2025-11-21" / "closing_report.md").read_text()


def test_a_warehouse_with_reference_tables_of_an_older_shape_still_runs(tmp_path: Path, monkeypatch) -> None:
    settings = warehouse_env(monkeypatch, tmp_path / "wh")
    assert materialize_days(partition_key="2025-11-20").success
    # As an earlier version would have left it: a seed table without a column added since.
    with duckdb.connect(str(settings.working_path)) as con:
        con.execute("alter table reference.index_reference drop column index_name_zh")
    assert materialize_days(partition_key="2025-11-21").success
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        names = con.execute(
            "select index_name_zh from marts.index_daily where trade_date = '2025-11-21' order by all"
        ).fetchall()
    assert names == [("恒生中國企業指數",), ("恒生指數",), ("恒生科技指數",)]


def test_a_warehouse_with_marts_of_an_older_shape_has_them_rebuilt_over_every_day(tmp_path: Path, monkeypatch) -> None:
    settings = warehouse_env(monkeypatch, tmp_path / "wh")
    assert materialize_days(partition_key="2025-11-20").success
    assert materialize_days(partition_key="2025-11-21").success
    expected = marts(settings.warehouse_path)
    # As an earlier version would have left it: a mart without a column added since, another
    # with a column of another type, and no table for a mart added since.
    with duckdb.connect(str(settings.working_path)) as con:
        con.execute("alter table marts.stock_daily drop column change_pct_exact")
        con.execute("alter table marts.sector_daily alter stock_count type integer")
        con.execute("drop table marts.notable_movers")
    outdated = outdated_marts(settings.working_path, declared_mart_columns(dbt_project.manifest_path))
    assert outdated == {
        "stock_daily": "change_pct_exact missing instead of DOUBLE",
        "sector_daily": "stock_count INTEGER instead of BIGINT",
        "notable_movers": "missing",
    }
    assert materialize_days(partition_key="2025-11-21").success  # a run of one day...
    assert marts(settings.warehouse_path) == expected  # ...rebuilt every mart over both days
    assert outdated_marts(settings.working_path, declared_mart_columns(dbt_project.manifest_path)) == {}


def test_a_warehouse_and_lake_of_the_version_before_the_published_sources_are_upgraded(
    tmp_path: Path, monkeypatch
) -> None:
    settings = warehouse_env(monkeypatch, tmp_path / "wh")
    assert materialize_days(partition_key="2025-11-20").success
    # As the version before the exchange's own figures left them: lake files without the columns
    # added since (fx rate_date, notes note_zh, ...), no folders for the kinds added since, and
    # marts without their columns and tables.
    lake = settings.lake_dir
    for kind in ("exchange_totals", "short_selling", "capital_flows", "southbound_stocks", "provenance"):
        shutil.rmtree(lake / kind)
    (lake / "_columns.json").unlink()
    for kind, added in {
        "fx": ["rate_date"],
        "quotes": ["is_large_move_confirmed"],
        "macro": ["is_revised_possible"],
    }.items():
        for path in lake.glob(f"{kind}/*/data.parquet"):
            pl.read_parquet(path).drop(added).write_parquet(path)
    with duckdb.connect(str(settings.working_path)) as con:
        for mart in ("short_selling", "capital_flows", "provenance"):
            con.execute(f"drop table marts.{mart}")
        con.execute("alter table marts.stock_daily drop column fx_rate_date")
    assert materialize_days(partition_key="2025-11-21").success
    fx = pl.read_parquet(next(lake.glob("fx/trade_date=2025-11-20/data.parquet")))
    assert fx.columns == ["currency", "hkd_per_unit", "rate_date"] and fx["rate_date"].is_null().all()
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        # Both days in every mart, the day before the upgrade included.
        days = con.execute("select distinct trade_date from marts.stock_daily order by 1").fetchall()
        flows = con.execute("select count(*) from marts.capital_flows").fetchone()
    assert [d for (d,) in days] == [date(2025, 11, 20), date(2025, 11, 21)]
    assert flows == (2,)  # the day landed since has its southbound flows; the older day has none


def test_vendor_text_is_escaped_in_html(tmp_path: Path, monkeypatch, landing_day: Path) -> None:
    securities = pl.read_csv(landing_day / "securities.csv", infer_schema=False)
    vendor_text = pl.when(pl.col("code") == "9988").then(pl.lit("<script>alert(1)</script>"))
    securities.with_columns(
        vendor_text.otherwise("name").alias("name"), vendor_text.otherwise("short_name").alias("short_name")
    ).write_csv(landing_day / "securities.csv")
    settings = warehouse_env(monkeypatch, tmp_path / "wh", source="landing")
    monkeypatch.setenv("HKCLOSE_LANDING_DIR", str(landing_day))
    assert materialize_days(partition_key="2025-11-21").success
    html = (settings.reports_dir / "2025-11-21" / "closing_report.html").read_text()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\\u003cscript>alert(1)\\u003c/script>" in html  # in the chart data, as JSON text


# --- the report's deadline -------------------------------------------------------------------


def test_the_due_report_is_the_latest_trading_day_past_1730() -> None:
    assert due_trading_day(datetime(2025, 11, 21, 17, 29, tzinfo=HONG_KONG)).isoformat() == "2025-11-20"
    assert due_trading_day(datetime(2025, 11, 21, 17, 30, tzinfo=HONG_KONG)).isoformat() == "2025-11-21"
    assert due_trading_day(datetime(2025, 11, 23, 12, 0, tzinfo=HONG_KONG)).isoformat() == "2025-11-21"
    assert due_trading_day(datetime(2025, 12, 26, 18, 0, tzinfo=HONG_KONG)).isoformat() == "2025-12-24"


def test_the_deadline_check_fails_until_the_report_is_out(tmp_path: Path, monkeypatch) -> None:
    warehouse_env(monkeypatch, tmp_path)
    instance = DagsterInstance.ephemeral()
    evening = datetime(2025, 11, 21, 18, 0, tzinfo=HONG_KONG)
    assert not report_freshness(instance, evening).passed
    assert materialize_days(partition_key="2025-11-21", instance=instance).success
    result = report_freshness(instance, evening)
    assert result.passed and result.metadata["due_partition"].value == "2025-11-21"
