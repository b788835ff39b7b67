"""Dead-run recovery (pipelines/defs/dead_runs.py) on an instance kept on disk, as a user's is: a run
the instance calls in progress is marked failed when its process is gone, when its pid now belongs
to a process that started after the run recorded it, or when it recorded no pid long after it
started; a run whose process lives is left alone."""

import logging
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from dagster import DagsterEventType, DagsterInstance, DagsterRun, DagsterRunStatus, MetadataValue
from dagster._core.events import DagsterEvent, EngineEventData
from dagster._core.events.log import EventLogEntry

from pipelines.defs.dead_runs import process_is_alive, recover_dead_runs

LOG = logging.getLogger("tests.dead_runs")
POOL = "warehouse"


@pytest.fixture
def instance(tmp_path: Path) -> Iterator[DagsterInstance]:
    (tmp_path / "dagster").mkdir()
    with DagsterInstance.local_temp(str(tmp_path / "dagster")) as local:  # SQLite files on disk
        yield local


@pytest.fixture
def sleeper() -> Iterator[subprocess.Popen]:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        yield process
    finally:
        process.kill()
        process.wait()


def started_run(instance: DagsterInstance, pid: int | None = None, recorded_at: float | None = None) -> str:
    """A run the instance calls STARTED; with `pid`, the engine event a run records it with."""
    run = instance.add_run(
        DagsterRun(job_name="daily_close", run_id=str(uuid.uuid4()), status=DagsterRunStatus.STARTED)
    )
    if pid is not None:
        event = DagsterEvent(
            event_type_value=DagsterEventType.ENGINE_EVENT.value,
            job_name=run.job_name,
            message=f"Executing steps in process (pid: {pid})",
            event_specific_data=EngineEventData(metadata={"pid": MetadataValue.text(str(pid))}),
        )
        at = time.time() if recorded_at is None else recorded_at
        instance.store_event(
            EventLogEntry(None, logging.DEBUG, "", run.run_id, at, job_name=run.job_name, dagster_event=event)
        )
    return run.run_id


def status(instance: DagsterInstance, run_id: str) -> DagsterRunStatus:
    return instance.get_run_by_id(run_id).status


def test_a_run_whose_process_lives_is_left_and_one_whose_process_is_gone_is_marked_failed(
    instance: DagsterInstance, sleeper: subprocess.Popen, caplog: pytest.LogCaptureFixture
) -> None:
    alive = started_run(instance, sleeper.pid)
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    gone = started_run(instance, ended.pid)
    current = started_run(instance, 1)  # the run doing the check is never its own victim

    with caplog.at_level(logging.WARNING, logger=LOG.name):
        assert recover_dead_runs(instance, LOG, current, POOL) == [gone]

    assert status(instance, alive) == status(instance, current) == DagsterRunStatus.STARTED
    assert status(instance, gone) == DagsterRunStatus.FAILURE
    (failure,) = instance.all_logs(gone, of_type=DagsterEventType.RUN_FAILURE)
    assert f"its process (pid {ended.pid}) no longer exists" in failure.message and current in failure.message
    assert f"run {gone} (daily_close) was recorded as STARTED" in caplog.text


def test_a_pid_now_held_by_a_later_process_is_not_the_runs(
    instance: DagsterInstance, sleeper: subprocess.Popen
) -> None:
    # The run recorded the pid an hour ago; the process holding that number now started seconds ago.
    reused = started_run(instance, sleeper.pid, recorded_at=time.time() - 3600)

    assert not process_is_alive(sleeper.pid, time.time() - 3600)
    assert process_is_alive(sleeper.pid, time.time())
    assert recover_dead_runs(instance, LOG, "another run", POOL) == [reused]
    assert status(instance, reused) == DagsterRunStatus.FAILURE


def test_a_run_that_recorded_no_pid_is_waited_for_then_marked_failed(instance: DagsterInstance) -> None:
    # Killed between starting and recording its process: nothing else would ever end it.
    silent = started_run(instance)

    assert recover_dead_runs(instance, LOG, "another run", POOL) == []  # within the grace: starting
    assert status(instance, silent) == DagsterRunStatus.STARTED
    assert recover_dead_runs(instance, LOG, "another run", POOL, no_pid_grace_seconds=0) == [silent]
    (failure,) = instance.all_logs(silent, of_type=DagsterEventType.RUN_FAILURE)
    assert "it recorded no process in the" in failure.message
