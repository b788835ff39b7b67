"""hkclose as a service on a real PostgreSQL server: the webserver and the daemon started by
`hkclose serve` (what `make serve` runs), runs launched through Dagster's GraphQL API, a run worker
killed mid-run and retried, PostgreSQL restarted under a running daemon, alerts posted to a local
webhook, and `hkclose stop` leaving nothing behind.

Every port is a free one, so these tests run beside others; PostgreSQL runs as the user
`postgres` when the tests run as root.
"""

import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import httpx
import pytest
from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus, RunsFilter

from pipelines.config import PROJECT_ROOT
from pipelines.defs.alerts import alert_lines
from pipelines.services.postgres import Cluster, PostgresError, server_binaries
from pipelines.services.processes import group_members, is_alive
from pipelines.services.service import ServiceState, default_pg_dir

HKCLOSE = str(Path(sys.executable).with_name("hkclose"))
PG_MISSING = "no PostgreSQL server installed (Debian package postgresql; `make test` installs it where it can)"
MARTS = ("market_breadth", "stock_daily", "index_daily", "turnover_ranking", "sector_daily", "macro_latest")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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

    def hkclose(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([HKCLOSE, *args], env=self.env, capture_output=True, text=True, cwd=PROJECT_ROOT)

    def instance(self) -> DagsterInstance:
        os.environ["HKCLOSE_PG_URL"] = self.state.pg_url
        return DagsterInstance.from_config(self.state.dagster_home)

    def client(self):
        from dagster_graphql import DagsterGraphQLClient

        return DagsterGraphQLClient("127.0.0.1", port_number=int(self.state.ui_url.rsplit(":", 1)[1]))

    def marts(self) -> dict[str, list[tuple]]:
        with duckdb.connect(str(self.root / "hkclose.duckdb"), read_only=True) as con:
            return {mart: con.sql(f"select * from marts.{mart} order by all").fetchall() for mart in MARTS}


def wait_for(predicate, timeout: float, what: str, interval: float = 0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def run_status(services: Services, run_id: str) -> DagsterRunStatus:
    return services.client().get_run_status(run_id)


def wait_for_end(services: Services, run_id: str, timeout: float = 180) -> DagsterRunStatus:
    finished = {DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED}
    return wait_for(lambda: (s := run_status(services, run_id)) in finished and s, timeout, f"run {run_id} to end")


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
        yield Services(env, root, state, Cluster(Path(state.pg_dir), int(env["HKCLOSE_PG_PORT"])))
    finally:
        # Whatever happened above, nothing may outlive the tests: stop what runs, drop the cluster.
        subprocess.run([HKCLOSE, "stop"], env=env, capture_output=True, text=True, cwd=PROJECT_ROOT)
        webhook.shutdown()
        shutil.rmtree(default_pg_dir(root), ignore_errors=True)


def test_a_day_and_a_five_day_range_launched_through_graphql_are_stored_in_postgresql(services: Services) -> None:
    client = services.client()
    day = client.submit_job_execution("daily_close", tags={"dagster/partition": "2025-11-21"})
    assert wait_for_end(services, day) == DagsterRunStatus.SUCCESS
    week = client.submit_job_execution(
        "daily_close",
        tags={
            "dagster/asset_partition_range_start": "2025-11-17",
            "dagster/asset_partition_range_end": "2025-11-21",
        },
    )
    assert wait_for_end(services, week) == DagsterRunStatus.SUCCESS

    # The runs and their materializations are rows of PostgreSQL's tables.
    statuses = services.cluster.psql(f"select status from runs where run_id in ('{day}', '{week}')")
    assert statuses.splitlines() == ["SUCCESS", "SUCCESS"]
    materialized = services.cluster.psql(
        f"select count(*) from event_logs where run_id = '{week}' and dagster_event_type = 'ASSET_MATERIALIZATION'"
    )
    assert int(materialized) == 14 * 5  # the raw lake, 12 marts and the report, for each of the 5 days
    breadth = services.marts()["market_breadth"]
    assert [row[0].isoformat() for row in breadth] == [f"2025-11-{d}" for d in (17, 18, 19, 20, 21)]
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


def graphql(services: Services, query: str, variables: dict) -> dict:
    answer = httpx.post(f"{services.state.ui_url}/graphql", json={"query": query, "variables": variables}, timeout=30)
    answer.raise_for_status()
    return answer.json()["data"]


def test_a_backfill_launched_through_graphql_as_the_ui_does_runs_the_range_as_one_run(services: Services) -> None:
    keys = [
        {"path": ["raw", "lake"]},
        *({"path": ["marts", mart]} for mart in (
            "index_daily", "market_breadth", "stock_daily", "sector_daily", "sector_leaders",
            "turnover_ranking", "macro_latest", "popular_stocks", "notable_movers",
        )),
        {"path": ["closing_report"]},
    ]  # fmt: skip
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


def test_a_run_killed_midway_is_marked_failed_alerted_and_retried_to_the_same_marts(services: Services) -> None:
    clean = services.marts()
    instance = services.instance()
    run_id = services.client().submit_job_execution(
        "daily_close",
        tags={
            "dagster/asset_partition_range_start": "2025-11-17",
            "dagster/asset_partition_range_end": "2025-11-21",
        },
    )

    def dbt_started() -> int | None:
        events = instance.all_logs(run_id)
        started = any(
            e.dagster_event and e.dagster_event.event_type == DagsterEventType.STEP_START
            and e.dagster_event.step_key == "hkclose_dbt_models" for e in events
        )  # fmt: skip
        pids = [e.dagster_event.engine_event_data.metadata["pid"].value for e in events
                if e.dagster_event and "Started process for run" in (e.message or "")]  # fmt: skip
        return pids[0] if started and pids else None

    pid = wait_for(dbt_started, 120, "the run to reach dbt", interval=0.1)
    os.kill(int(pid), signal.SIGKILL)

    assert wait_for_end(services, run_id, timeout=60) == DagsterRunStatus.FAILURE
    retry = wait_for(
        lambda: instance.get_run_records(RunsFilter(tags={"dagster/parent_run_id": run_id})),
        120,
        "the daemon to retry the killed run",
    )[0].dagster_run
    assert retry.tags["dagster/retry_number"] == "1"
    assert wait_for_end(services, retry.run_id) == DagsterRunStatus.SUCCESS
    assert services.marts() == clean

    alerts = alert_lines(services.root / "logs")
    assert any(a["kind"] == "run_failed" and a["run_id"] == run_id for a in alerts)
    assert any(a["run_id"] == run_id for a in RECEIVED)


def test_a_run_queued_after_postgresql_restarts_is_launched_by_the_daemon(services: Services) -> None:
    services.cluster.stop()
    assert not services.cluster.is_running()
    services.cluster.start()
    run_id = wait_for(
        lambda: _submit_or_none(services, "2025-11-20"), 60, "the webserver to take a run after the restart"
    )
    assert wait_for_end(services, run_id) == DagsterRunStatus.SUCCESS


def _submit_or_none(services: Services, day: str) -> str | None:
    from dagster_graphql import DagsterGraphQLClientError

    try:
        return services.client().submit_job_execution("daily_close", tags={"dagster/partition": day})
    except DagsterGraphQLClientError:
        return None


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
    groups = {os.getpgid(pid) for pid in services.state.pids.values() if is_alive(pid)}
    assert groups, "the services should be running before they are stopped"
    stopped = services.hkclose("stop")
    assert stopped.returncode == 0, stopped.stderr
    assert all(not group_members(group) for group in groups)
    assert not services.cluster.is_running()
    leftovers = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert services.state.pg_dir not in leftovers
    assert str(server_binaries()) not in leftovers or services.state.pg_dir not in leftovers
    assert services.hkclose("status").returncode == 3


@pytest.mark.skipif(os.geteuid() != 0, reason="only root must hand the cluster to another user")
def test_a_cluster_folder_the_server_user_cannot_reach_is_refused_before_anything_is_made(tmp_path: Path) -> None:
    # pytest's own temporary folders, like a clone in /root, are closed to other users.
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    cluster = Cluster(closed / "postgres", free_port())
    with pytest.raises(PostgresError, match=r"cannot be entered by the user postgres.*set HKCLOSE_PG_DIR"):
        cluster.initialize()
    assert not (closed / "postgres").exists()
