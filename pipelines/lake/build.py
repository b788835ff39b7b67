"""A marts run's work on the warehouse: upgrade the lake, build the marts in the working database
with the dbt step it is handed, then publish.

The dbt step comes from the caller (`defs/assets/marts.py` hands dagster-dbt's invocation, whose
events it streams to Dagster): the lake runs no dbt and imports no Dagster.
"""

import json
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TypeVar

from pipelines.config import Settings
from pipelines.lake.build_inputs import REFERENCE_NODES, REFERENCE_TESTS, declare_build_inputs
from pipelines.lake.lake_schema import upgrade_lake
from pipelines.lake.migration import EVERY_DAY, outdated_marts
from pipelines.lake.publish import open_working_copy, publish

Event = TypeVar("Event")


@cache
def declared_mart_columns(manifest_path: Path) -> dict[str, dict[str, str]]:
    """Each incremental mart's columns and types, as its enforced contract in the dbt project declares them."""
    manifest = json.loads(manifest_path.read_text())
    return {
        node["name"]: {column["name"]: column["data_type"] for column in node["columns"].values()}
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"]["materialized"] == "incremental"
    }


def build_and_publish(
    days: list[date],
    settings: Settings,
    declared: Mapping[str, Mapping[str, str]],
    run_dbt: Callable[[list[str]], Iterator[Event]],
    log: logging.Logger,
) -> Iterator[Event]:
    """Build the marts over `days` (all days when a mart is of an earlier version) and publish the
    warehouse; yields the dbt step's events. `run_dbt(args)` runs `dbt <args>` and yields its events;
    a failed model or blocking test raises from it, and nothing is published."""
    working = open_working_copy(settings, log)
    start, end = days[0], days[-1] + timedelta(days=1)
    # The only var is the database, the same on every run of a warehouse; with the target folder
    # kept per warehouse, dbt reuses its parse of the project (partial parsing) from run to run.
    # The reference nodes join the marts' selection (the caller's dbt step selects the marts). Their
    # tests, which check committed files, and the dbt unit tests run in the test suite
    # (tests/test_dbt_tests.py), not on every run.
    args = ["build", "--select", REFERENCE_NODES, "--vars", json.dumps({"database_path": str(working)})]
    args += ["--exclude", REFERENCE_TESTS, "--exclude-resource-type", "unit_test"]
    outdated = outdated_marts(working, declared)
    if outdated:
        log.warning(
            "the warehouse holds marts of an earlier version (%s): this run rebuilds every mart over every day in %s",
            "; ".join(f"{mart}: {why}" for mart, why in outdated.items()),
            settings.lake_dir,
        )
        start, end = EVERY_DAY
        args.append("--full-refresh")
    upgrade_lake(settings.lake_dir, log)
    declare_build_inputs(working, settings.lake_dir, start, end)
    yield from run_dbt(args)
    # Reached only when every model and blocking test passed.
    started = time.perf_counter()
    published = publish(settings)
    log.info("published %s in %.2f s", published, time.perf_counter() - started)
