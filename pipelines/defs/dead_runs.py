"""Runs whose process died (killed, out of memory, the machine restarted) stay STARTED in Dagster's
instance and keep the pool slots they held, so every later run would wait for them forever. Before
a run writes anything, the runs of this machine that the instance still calls in progress are
checked: a run whose process no longer exists is marked failed, saying so, and its slots are freed.
A run failed this way is retried where the instance retries runs (`run_retries`), like any failed run.

A run's process is the pid its engine event recorded (the run worker's "Started process for run",
or the in-process executor's "Executing steps in process"), checked with the process's start time,
since the system reuses pids. A run records its pid within seconds of starting: one in progress
that has recorded none NO_PID_GRACE_SECONDS after it started was killed before it could. Only
Dagster's own instance APIs are used.
"""

import logging
import time

import psutil
from dagster import DagsterEventType, DagsterInstance, DagsterRun, DagsterRunStatus, DefaultRunLauncher, RunsFilter

IN_PROGRESS = [DagsterRunStatus.STARTING, DagsterRunStatus.STARTED]
# A process that started up to this long after its run's event is not the run's (clocks of the
# event log and of /proc are the same machine's; the slack covers rounding).
START_SLACK_SECONDS = 1.0
NO_PID_GRACE_SECONDS = 300.0


def run_process(instance: DagsterInstance, run_id: str) -> tuple[int, float] | None:
    """The pid of the run's process and when the run recorded it (Unix seconds), or None."""
    for record in reversed(instance.all_logs(run_id, of_type=DagsterEventType.ENGINE_EVENT)):
        data = record.dagster_event.engine_event_data if record.dagster_event else None
        pid = data.metadata.get("pid") if data else None
        if pid is not None:
            return int(pid.value), record.timestamp
    return None


def process_is_alive(pid: int, recorded_at: float) -> bool:
    """Whether the process `pid` runs and is the one that existed at `recorded_at`."""
    try:
        process = psutil.Process(pid)
        return process.status() != psutil.STATUS_ZOMBIE and process.create_time() <= recorded_at + START_SLACK_SECONDS
    except psutil.NoSuchProcess:
        return False


def recover_dead_runs(
    instance: DagsterInstance,
    log: logging.Logger,
    current_run_id: str,
    pool: str,
    no_pid_grace_seconds: float = NO_PID_GRACE_SECONDS,
) -> list[str]:
    """Mark failed the in-progress runs of this machine whose process is gone (or that recorded
    none in `no_pid_grace_seconds`), and free the slots of `pool` still held by runs that ended;
    returns the runs marked failed."""
    if not isinstance(instance.run_launcher, DefaultRunLauncher):
        # Runs launched elsewhere (Docker, Kubernetes): their pids mean nothing here, and run
        # monitoring checks their workers' health (docs/deployment.md).
        return []
    dead = []
    for record in instance.get_run_records(RunsFilter(statuses=IN_PROGRESS)):
        run = record.dagster_run
        if run.run_id == current_run_id:
            continue
        process = run_process(instance, run.run_id)
        if process is None:
            started = record.start_time or record.update_timestamp.timestamp()
            if time.time() - started < no_pid_grace_seconds:
                continue  # starting: its pid is on its way
            gone = f"it recorded no process in the {time.time() - started:.0f} s after it started"
        elif process_is_alive(*process):
            continue
        else:
            gone = f"its process (pid {process[0]}) no longer exists"
        mark_dead(instance, run, gone, current_run_id)
        log.warning(
            "run %s (%s) was recorded as %s, but %s: marked failed, its slots freed",
            *(run.run_id, run.job_name, run.status.value, gone),
        )
        dead.append(run.run_id)
    free_slots_of_ended_runs(instance, log, pool)
    return dead


def mark_dead(instance: DagsterInstance, run: DagsterRun, gone: str, found_by: str) -> None:
    message = (
        f"This run stopped running: {gone}. It was killed, ran out of memory or the machine "
        f"restarted. Found by run {found_by} before it wrote the warehouse, which is as this run's "
        "last publish left it (a run publishes only whole builds); re-run the run's days."
    )
    instance.report_run_failed(run, message)
    instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)


def free_slots_of_ended_runs(instance: DagsterInstance, log: logging.Logger, pool: str) -> None:
    """Slots of `pool` still held by runs that ended (or were deleted)."""
    info = instance.event_log_storage.get_concurrency_info(pool)
    for run_id in sorted(info.active_run_ids | info.pending_run_ids):
        run = instance.get_run_by_id(run_id)
        if run is None or run.is_finished:
            instance.event_log_storage.free_concurrency_slots_for_run(run_id)
            log.warning("freed the %s slots still held by run %s, which has ended", pool, run_id)
