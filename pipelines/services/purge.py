"""Purging old runs: Dagster keeps every run's event log until the run is deleted (a ten-year
backfill leaves hundreds of MB), and tick retention does not cover runs."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from dagster import DagsterInstance, DagsterRunStatus, RunsFilter

FINISHED = [DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED]


def purge_finished_runs(dagster_home: Path, older_than_days: int) -> int:
    """Delete finished runs that ended before the cutoff, with their event logs; returns how many."""
    cutoff = datetime.now(UTC) - timedelta(days=older_than_days)
    deleted = 0
    with DagsterInstance.from_config(str(dagster_home)) as instance:
        while True:
            records = instance.get_run_records(RunsFilter(statuses=FINISHED, updated_before=cutoff), limit=100)
            if not records:
                return deleted
            for record in records:
                instance.delete_run(record.dagster_run.run_id)
                deleted += 1
