"""hkclose as a service on a real PostgreSQL server, under supervisord: the services started by
`hkclose serve` (what `make serve` runs), runs launched through Dagster's GraphQL API, a run worker
killed in dbt and retried, a failed blocking check not retried, PostgreSQL restarted during a run
and during sensor ticks, a SIGKILLed daemon and webserver brought back, `hkclose health` watching
them, and `hkclose stop` leaving nothing behind.

Every port is a free one, so these tests run beside others; PostgreSQL runs as the user
`postgres` when the tests run as root.
"""

import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import httpx
import polars as pl
import psutil
import pytest
from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus, RunsFilter

from pipelines.alert_log import alert_lines, record_alert
from pipelines.config import PROJECT_ROOT, SAMPLE_DIR
from pipelines.definitions import DEFINITIONS
from pipelines.services.health import stale_daemons
from pipelines.services.postgres import Cluster, PostgresError, server_binaries
from pipelines.services.service import ServiceState, default_pg_dir, ui_answers
from pipelines.services.supervisor import PID_FILE, Supervisor
from tests.ports import free_port

HKCLOSE = str(Path(sys.executable).with_name("hkclose"))
PG_MISSING = "no PostgreSQL server installed (Debian package postgresql; `make test` installs it where it can)"
MARTS = ("market_breadth", "stock_daily", "index_daily", "turnover_ranking", "sector_daily", "macro_latest")
FINISHED = {DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED}
WEEK = {"dagster/asset_partition_range_start": "2025-11-17", "dagster/asset_partition_range_end": "2025-11-21"}
pytestmark = [pytest.mark.services, pytest.mark.timeout(600)]


RECEIVED: list[dict] = []  # what the webhook was sent


class Webhook(http.server.BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        RECEIVED.append(json.loads(body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@dataclass
class Services:
    env: dict[str, str]
    root: Path
    state: ServiceState
    cluster: Cluster

    @property
    def supervisor(self) -> Supervisor:
        return Supervisor(Path(self.state.dagster_home))

    def hkclose(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([HKCLOSE, *args], env=self.env, capture_output=True, text=True, cwd=PROJECT_ROOT)

    def instance(self) -> DagsterInstance:
        """The services' instance, as the tests' own process reads it (HKCLOSE_PG_URL: the fixture)."""
        return DagsterInstance.from_config(self.state.dagster_home)

    def client(self):
        from dagster_graphql import DagsterGraphQLClient

        return DagsterGraphQLClient("127.0.0.1", port_number=int(self.state.ui_url.rsplit(":", 1)[1]))

    def marts(self) -> dict[str, list[tuple]]:
        with duckdb.connect(str(self.root / "hkclose.duckdb"), read_only=True) as con:
            return {mart: con.sql(f"select * from marts.{mart} order by all").fetchall() for mart in MARTS}

    def pid(self, program: str) -> int:
        info = self.supervisor.processes()[program]
        assert info["statename"] == "RUNNING", info
        return info["pid"]

    def restart(self, program: str, down_for: float = 0) -> None:
        self.supervisor.stop_program(program)
        time.sleep(down_for)
        self.supervisor.start_program(program)


def wait_for(predicate, timeout: float, what: str, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def run_status(services: Services, run_id: str) -> DagsterRunStatus | None:
    from dagster_graphql import DagsterGraphQLClientError

    try:
        return services.client().get_run_status(run_id)
    except (DagsterGraphQLClientError, httpx.HTTPError):  # the webserver lost PostgreSQL for a moment
        return None


def wait_for_end(services: Services, run_id: str, timeout: float = 180) -> DagsterRunStatus:
    return wait_for(lambda: (s := run_status(services, run_id)) in FINISHED and s, timeout, f"run {run_id} to end")


def retries_of(instance: DagsterInstance, run_id: str) -> list:
    return [r.dagster_run for r in instance.get_run_records(RunsFilter(tags={"dagster/parent_run_id": run_id}))]


def ends_well(services: Services, instance: DagsterInstance, run_id: str) -> DagsterRunStatus:
    """The run's end, or, if it failed and is retried, its retry's end."""
    status = wait_for_end(services, run_id)
    if status == DagsterRunStatus.FAILURE:
        retry = wait_for(lambda: retries_of(instance, run_id), 120, f"the daemon to retry run {run_id}")[0]
        return wait_for_end(services, retry.run_id)
    return status


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    try:
        server_binaries()
    except PostgresError:
        # Under CI a missing server fails the run instead of hiding these tests.
        (pytest.fail if os.environ.get("CI", "").lower() == "true" else pytest.skip)(PG_MISSING)
    root = tmp_path_factory.mktemp("services")
    webhook = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Webhook)
    threading.Thread(target=webhook.serve_forever, daemon=True).start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HKCLOSE_", "DAGSTER_HOME"))}
    env |= {
        "HKCLOSE_SOURCE": "sample",
        "HKCLOSE_WAREHOUSE": str(root / "hkclose.duckdb"),
        "HKCLOSE_PG_PORT": str(free_port()),
        "HKCLOSE_UI_PORT": str(free_port()),
        "HKCLOSE_ALERT_WEBHOOK": f"http://127.0.0.1:{webhook.server_address[1]}/alerts",
    }
    try:
        started = subprocess.run([HKCLOSE, "serve"], env=env, capture_output=True, text=True, cwd=PROJECT_ROOT)
        assert started.returncode == 0, started.stdout + started.stderr
        state = ServiceState.read(root / "service")
        with pytest.MonkeyPatch.context() as patch:  # dagster.yaml reads it; undone after the module
            patch.setenv("HKCLOSE_PG_URL", state.pg_url)
            yield Services(env, root, state, Cluster(Path(state.pg_dir), int(env["HKCLOSE_PG_PORT"])))
    finally:
        # Whatever happened above, nothing may outlive the tests: stop what runs, drop the cluster.
        subprocess.run([HKCLOSE, "stop"], env=env, capture_output=True, text=True, cwd=PROJECT_ROOT)
        webhook.shutdown()
        shutil.rmtree(default_pg_dir(root), ignore_errors=True)


@dataclass(frozen=True)
class CleanWeek:
    run_id: str
    marts: dict[str, list[tuple]]


@pytest.fixture(scope="module")
def clean_week(services: Services) -> CleanWeek:
    """The week as one run launched through GraphQL, without a fault, and the marts it built."""
    week = services.client().submit_job_execution("daily_close", tags=WEEK)
    assert wait_for_end(services, week) == DagsterRunStatus.SUCCESS
    return CleanWeek(week, services.marts())


def test_a_day_and_a_five_day_range_launched_through_graphql_are_stored_in_postgresql(
    services: Services, clean_week: CleanWeek
) -> None:
    day = services.client().submit_job_execution("daily_close", tags={"dagster/partition": "2025-11-21"})
    assert wait_for_end(services, day) == DagsterRunStatus.SUCCESS
    week = clean_week.run_id

    # The runs and their materializations are rows of PostgreSQL's tables.
    statuses = services.cluster.psql(f"select status from runs where run_id in ('{day}', '{week}')")
    assert statuses.splitlines() == ["SUCCESS", "SUCCESS"]
    materialized = services.cluster.psql(
        f"select count(*) from event_logs where run_id = '{week}' and dagster_event_type = 'ASSET_MATERIALIZATION'"
    )
    assert int(materialized) == len(materializable_assets()) * 5  # raw lake, marts and report, each day
    breadth = services.marts()["market_breadth"]
    assert [row[0].isoformat() for row in breadth] == [f"2025-11-{d}" for d in (17, 18, 19, 20, 21)]
    assert services.marts() == clean_week.marts  # re-running a day replaced it
    assert (services.root / "reports" / "2025-11-17" / "closing_report.md").exists()


LAUNCH_BACKFILL = """
mutation ($params: LaunchBackfillParams!) {
  launchPartitionBackfill(backfillParams: $params) {
    __typename
    ... on LaunchBackfillSuccess { backfillId }
    ... on PythonError { message }
  }
}"""
BACKFILL_STATUS = """
query ($id: String!) {
  partitionBackfillOrError(backfillId: $id) { ... on PartitionBackfill { status } }
}"""


SENSOR_TICKS = """
query {
  repositoriesOrError {
    ... on RepositoryConnection { nodes { sensors { name sensorState { ticks(limit: 1) { timestamp status } } } } }
  }
}"""


def wait_for_a_tick_after(services: Services, sensor: str, since: float, timeout: float = 120) -> None:
    """Wait until `sensor` has ended a tick that began after `since` (Unix seconds): whatever it
    would do about what happened before then, it has done."""

    def ticked() -> bool:
        try:
            repositories = graphql(services, SENSOR_TICKS, {})["repositoriesOrError"]["nodes"]
        except httpx.HTTPError:  # the webserver lost PostgreSQL for a moment: ask again
            return False
        (last,) = [s["sensorState"]["ticks"][:1] for r in repositories for s in r["sensors"] if s["name"] == sensor]
        return bool(last) and last[0]["timestamp"] > since and last[0]["status"] != "STARTED"

    wait_for(ticked, timeout, f"a tick of {sensor} after {datetime.fromtimestamp(since, UTC):%H:%M:%S}", interval=1)


def materializable_assets() -> list:
    """Every asset the UI's "Materialize all" selects: the daily_close job's assets."""
    graph = DEFINITIONS.resolve_asset_graph()
    return [key for key in graph.get_all_asset_keys() if graph.get(key).is_materializable]


def graphql(services: Services, query: str, variables: dict) -> dict:
    answer = httpx.post(f"{services.state.ui_url}/graphql", json={"query": query, "variables": variables}, timeout=30)
    answer.raise_for_status()
    return answer.json()["data"]


def test_a_backfill_launched_through_graphql_as_the_ui_does_runs_the_range_as_one_run(services: Services) -> None:
    # Every asset, as the UI's "Materialize all" selects them.
    keys = [{"path": key.path} for key in materializable_assets()]
    params = {"assetSelection": keys, "partitionNames": [f"2025-11-{d}" for d in (17, 18, 19, 20, 21)]}
    launched = graphql(services, LAUNCH_BACKFILL, {"params": params})["launchPartitionBackfill"]
    assert launched["__typename"] == "LaunchBackfillSuccess", launched
    backfill_id = launched["backfillId"]

    def ended() -> str | None:
        status = graphql(services, BACKFILL_STATUS, {"id": backfill_id})["partitionBackfillOrError"]["status"]
        return status if status in ("COMPLETED", "COMPLETED_SUCCESS", "COMPLETED_FAILED", "FAILED") else None

    assert wait_for(ended, 240, "the daemon to finish the backfill", interval=2) in ("COMPLETED", "COMPLETED_SUCCESS")
    runs = services.cluster.psql(
        f"select r.status from runs r join run_tags t on t.run_id = r.run_id "
        f"where t.key = 'dagster/backfill' and t.value = '{backfill_id}'"
    )
    assert runs.splitlines() == ["SUCCESS"]  # every asset's backfill policy is one run for the range


def dbt_of(instance: DagsterInstance, run_id: str) -> tuple[int, int] | None:
    """(the run worker's pid, its dbt's pid) once the run's dbt process exists."""
    events = instance.all_logs(run_id, of_type=DagsterEventType.ENGINE_EVENT)
    pids = [
        e.dagster_event.engine_event_data.metadata["pid"].value
        for e in events
        if "Started process for run" in e.message
    ]
    if not pids:
        return None
    try:
        children = psutil.Process(int(pids[0])).children()
    except psutil.NoSuchProcess:
        return None
    dbt = [p.pid for p in children if "hkclose-dbt" in " ".join(p.cmdline())]
    return (int(pids[0]), dbt[0]) if dbt else None


def test_a_run_worker_killed_in_dbt_takes_its_dbt_with_it_and_is_retried_to_the_same_marts(
    services: Services, clean_week: CleanWeek
) -> None:
    instance = services.instance()
    run_id = services.client().submit_job_execution("daily_close", tags={"dagster/partition": "2025-11-21"})
    worker, dbt = wait_for(lambda: dbt_of(instance, run_id), 120, "the run's dbt process", interval=0.1)
    os.kill(worker, signal.SIGKILL)  # the worker alone, as the OOM killer would
    # Its dbt goes with it: an orphan would go on writing the working database beside the retry.
    wait_for(
        lambda: not psutil.pid_exists(dbt) or psutil.Process(dbt).status() == psutil.STATUS_ZOMBIE, 10, "dbt to die"
    )

    assert wait_for_end(services, run_id, timeout=60) == DagsterRunStatus.FAILURE
    retry = wait_for(lambda: retries_of(instance, run_id), 120, "the daemon to retry the killed run")[0]
    assert retry.tags["dagster/retry_number"] == "1"
    assert wait_for_end(services, retry.run_id) == DagsterRunStatus.SUCCESS
    assert services.marts() == clean_week.marts
    # It healed itself: its failure is in the UI, and nobody is alerted.
    wait_for_a_tick_after(services, "alert_on_failed_run", time.time())
    assert not [a for a in alert_lines(services.root / "logs") if a.get("run_id") == run_id]


def test_a_run_failed_on_a_blocking_check_is_not_retried_and_alerted_once(services: Services, tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copy(SAMPLE_DIR / "securities.csv", landing)
    for kind in ("quotes", "indexes", "fx", "notes", "watchlist"):
        (landing / kind).mkdir()
        shutil.copy(SAMPLE_DIR / kind / "2025-11-21.csv", landing / kind)
    shutil.copytree(SAMPLE_DIR / "macro", landing / "macro")
    indexes = landing / "indexes" / "2025-11-21.csv"
    frame = pl.read_csv(indexes)
    implausible = pl.when(pl.col("index_code") == "HSI").then(pl.col("prev_close") * 0.7).otherwise("prev_close")
    frame.with_columns(prev_close=implausible).write_csv(indexes)
    config = {"source": "landing", "landing_dir": str(landing), "warehouse": str(tmp_path / "hkclose.duckdb")}
    run_id = services.client().submit_job_execution(
        "daily_close",
        run_config={"resources": {"hkclose": {"config": config}}},
        tags={"dagster/partition": "2025-11-21"},
    )
    assert wait_for_end(services, run_id) == DagsterRunStatus.FAILURE
    instance = services.instance()
    assert instance.get_run_by_id(run_id).tags["dagster/will_retry"] == "false"
    logs = services.root / "logs"  # the services' alerts log, whatever warehouse the run wrote
    (alert,) = wait_for(lambda: [a for a in alert_lines(logs) if a.get("run_id") == run_id], 60, "the alert")
    assert "index_moves_are_plausible" in alert["message"] or "failed" in alert["message"]
    # The retry daemon leaves no mark on a run it does not retry: give it four of its 5 s rounds.
    time.sleep(20)
    assert retries_of(instance, run_id) == []
    assert [a for a in alert_lines(logs) if a.get("run_id") == run_id] == [alert]


def test_postgresql_restarted_during_a_run_the_run_ends_or_is_retried_and_nothing_is_lost(
    services: Services, clean_week: CleanWeek
) -> None:
    instance = services.instance()
    run_id = services.client().submit_job_execution("daily_close", tags={"dagster/partition": "2025-11-20"})
    wait_for(lambda: dbt_of(instance, run_id), 120, "the run to reach dbt", interval=0.1)
    services.restart("postgresql", down_for=3)
    wait_for(services.cluster.accepts_connections, 60, "PostgreSQL to come back")
    assert ends_well(services, services.instance(), run_id) == DagsterRunStatus.SUCCESS
    assert services.marts() == clean_week.marts


def test_postgresql_restarted_during_sensor_ticks_loses_no_alert(services: Services) -> None:
    services.supervisor.stop_program("postgresql")
    try:
        # Raised while PostgreSQL is down (as a run that failed would have), ticks failing meanwhile.
        alert = record_alert(services.root / "logs", "test", "raised while PostgreSQL was down")
        time.sleep(20)  # ticks fail meanwhile (PostgreSQL holds the ticks: no condition to wait on)
    finally:
        services.supervisor.start_program("postgresql")
    wait_for(lambda: alert in RECEIVED, 120, "post_alerts to post the alert once PostgreSQL is back", interval=1)
    assert RECEIVED.count(alert) == 1
    wait_for(lambda: services.supervisor.processes()["daemon"]["statename"] == "RUNNING", 60, "the daemon")


def health(services: Services) -> tuple[int, str]:
    checked = services.hkclose("health")
    return checked.returncode, checked.stdout


def test_health_says_at_once_that_the_daemon_or_postgresql_stopped(services: Services) -> None:
    code, said = health(services)
    assert "ok       postgresql running" in said and "ok       the daemon beats" in said, said
    assert "ok       the webserver answers" in said

    services.supervisor.stop_program("daemon")
    try:
        code, said = health(services)
        assert code == 1 and "PROBLEM  daemon is stopped" in said
        # A daemon that hangs, or runs outside supervisord, shows by its heartbeats: each of its
        # threads beats every 30 s, and health calls one over 60 s old a stop. Read a minute later:
        with services.instance() as instance:
            beats = {daemon: beat.timestamp for daemon, beat in instance.get_daemon_heartbeats().items()}
            required = instance.get_required_daemon_types()
        a_minute_later = datetime.fromtimestamp(max(beats.values()) + 61, UTC)
        stale = stale_daemons(beats, required, a_minute_later)
        assert len(stale) == len(required) and any(s.startswith("SENSOR (") for s in stale), stale
    finally:
        services.supervisor.start_program("daemon")

    services.supervisor.stop_program("postgresql")
    try:
        code, said = health(services)
        assert code == 1 and "PROBLEM  postgresql is stopped" in said and "cannot read the Dagster instance" in said
        alerted = services.hkclose("health", "--alert")
        assert alerted.returncode == 1
    finally:
        services.supervisor.start_program("postgresql")
    wait_for(lambda: "ok       the daemon beats" in health(services)[1], 120, "the daemon to beat again")
    posted = [a for a in RECEIVED if a["kind"] == "health"]
    assert len(posted) == 1 and "postgresql is stopped" in posted[0]["message"]
    wait_for_a_tick_after(services, "post_alerts", time.time())  # back with PostgreSQL, it posts it no second time
    assert len([a for a in RECEIVED if a["kind"] == "health"]) == 1


def test_a_sigkilled_daemon_and_webserver_come_back_by_themselves(services: Services) -> None:
    before = {name: services.pid(name) for name in ("daemon", "webserver")}
    for pid in before.values():
        os.kill(pid, signal.SIGKILL)
    for name, pid in before.items():
        wait_for(lambda name=name, pid=pid: services.supervisor.processes()[name]["pid"] not in (0, pid), 60, name)
        wait_for(lambda name=name: services.supervisor.processes()[name]["statename"] == "RUNNING", 60, name)
    assert ui_answers(f"{services.state.ui_url}/server_info", timeout=120)
    log = (services.root / "logs" / "supervisord.log").read_text()
    assert "exited: daemon (terminated by SIGKILL; not expected)" in log
    run_id = services.client().submit_job_execution("daily_close", tags={"dagster/partition": "2025-11-20"})
    assert wait_for_end(services, run_id) == DagsterRunStatus.SUCCESS


def test_a_shell_pointing_at_another_instance_is_refused_while_the_services_run(
    services: Services, tmp_path: Path
) -> None:
    refused = subprocess.run(
        [HKCLOSE, "report", "2025-11-21"],
        env={**services.env, "DAGSTER_HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    )
    assert refused.returncode == 2
    assert f"the services run on the PostgreSQL instance {services.state.dagster_home}" in refused.stderr
    status = services.hkclose("status")
    assert status.returncode == 0 and "webserver   running" in status.stdout and "postgresql  running" in status.stdout


def test_stop_leaves_no_process_behind(services: Services) -> None:
    supervisord = int((Path(services.state.dagster_home) / PID_FILE).read_text())
    processes = [psutil.Process(supervisord), *psutil.Process(supervisord).children(recursive=True)]
    assert len(processes) >= 4, "supervisord and its services should be running before they are stopped"
    try:
        stopped = services.hkclose("stop")
        assert stopped.returncode == 0, stopped.stderr
        assert "daemon      stopped" in stopped.stdout
        _, alive = psutil.wait_procs(processes, timeout=5)
        assert alive == []
        leftovers = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
        assert services.state.pg_dir not in leftovers and services.state.dagster_home not in leftovers
        assert services.hkclose("status").returncode == 3
    finally:  # the module's services, as the other tests (run before or after this one) find them
        restarted = services.hkclose("serve")
        assert restarted.returncode == 0, restarted.stdout + restarted.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="only root must hand the cluster to another user")
def test_a_cluster_folder_the_server_user_cannot_reach_is_refused_before_anything_is_made(tmp_path: Path) -> None:
    # pytest's own temporary folders, like a clone in /root, are closed to other users.
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    cluster = Cluster(closed / "postgres", free_port())
    with pytest.raises(PostgresError, match=r"cannot be entered by the user postgres.*set HKCLOSE_PG_DIR"):
        cluster.initialize()
    assert not (closed / "postgres").exists()
