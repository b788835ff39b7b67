"""The dbt project as assets: one dbt invocation builds the whole partition window."""

import json
import time
from collections.abc import Iterator, Mapping
from datetime import timedelta
from functools import cache
from typing import Any

from dagster import (
    AssetCheckResult,
    AssetDep,
    AssetExecutionContext,
    AssetObservation,
    AssetSpec,
    BackfillPolicy,
    Output,
)
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from pipelines.config import Settings
from pipelines.defs.assets.raw import RAW_LAKE
from pipelines.defs.partitions import partition_dates, trading_days
from pipelines.defs.resources import WAREHOUSE_POOL, HkcloseResource, dbt_project
from pipelines.lake.build_inputs import MART_NODES, REFERENCE_NODES, REFERENCE_TESTS, declare_build_inputs
from pipelines.lake.lake_schema import upgrade_lake
from pipelines.lake.migration import EVERY_DAY, outdated_marts
from pipelines.lake.publish import open_working_copy, publish


class HkcloseDbtTranslator(DagsterDbtTranslator):
    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: Any) -> AssetSpec:
        """A model reading any table of the dbt source `raw` depends on the one raw lake asset."""
        spec = super().get_asset_spec(manifest, unique_id, project)
        raw = [dep for dep in spec.deps if dep.asset_key.path[0] == "raw"]
        if not raw:
            return spec
        return spec.replace_attributes(deps=[*(d for d in spec.deps if d not in raw), AssetDep(RAW_LAKE)])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        """Group by the model's folder (marts)."""
        return dbt_resource_props["fqn"][1]


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    select=MART_NODES,
    partitions_def=trading_days,
    backfill_policy=BackfillPolicy.single_run(),
    dagster_dbt_translator=HkcloseDbtTranslator(),
    pool=WAREHOUSE_POOL,
)
def hkclose_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource, hkclose: HkcloseResource):
    """The marts and their tests over the run's trading days (with the reference tables they join)."""
    yield from build_and_publish(context, dbt, hkclose.settings())


@cache
def declared_mart_columns() -> dict[str, dict[str, str]]:
    """Each incremental mart's columns and types, as its enforced contract in the dbt project declares them."""
    manifest = json.loads(dbt_project.manifest_path.read_text())
    return {
        node["name"]: {column["name"]: column["data_type"] for column in node["columns"].values()}
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"]["materialized"] == "incremental"
    }


def build_and_publish(context: AssetExecutionContext, dbt: DbtCliResource, settings: Settings) -> Iterator:
    days = partition_dates(context.partition_keys)
    working = open_working_copy(settings, context.log)
    start, end = days[0], days[-1] + timedelta(days=1)
    # The only var is the database, the same on every run of a warehouse; with the target folder
    # kept per warehouse, dbt reuses its parse of the project (partial parsing) from run to run.
    # The reference nodes join the marts' selection (dagster-dbt adds the marts' --select). Their
    # tests, which check committed files, and the dbt unit tests run in the test suite
    # (tests/test_dbt_tests.py), not on every run.
    args = ["build", "--select", REFERENCE_NODES, "--vars", json.dumps({"database_path": str(working)})]
    args += ["--exclude", REFERENCE_TESTS, "--exclude-resource-type", "unit_test"]
    outdated = outdated_marts(working, declared_mart_columns())
    if outdated:
        context.log.warning(
            "the warehouse holds marts of an earlier version (%s): this run rebuilds every mart over every day in %s",
            "; ".join(f"{mart}: {why}" for mart, why in outdated.items()),
            settings.lake_dir,
        )
        start, end = EVERY_DAY
        args.append("--full-refresh")
    upgrade_lake(settings.lake_dir, context.log)
    declare_build_inputs(working, settings.lake_dir, start, end)
    invocation = dbt.cli(args, context=context, target_path=settings.dbt_target_dir)
    yield from events_of_assets(context, invocation.stream())
    # Reached only when every model and blocking test passed.
    started = time.perf_counter()
    published = publish(settings)
    context.log.info("published %s in %.2f s", published, time.perf_counter() - started)


def events_of_assets(context: AssetExecutionContext, events: Iterator) -> Iterator:
    """The dbt events of this asset definition's marts and their checks; the reference nodes
    built in the same invocation are in the dbt log (and fail the step if they fail)."""
    outputs = set(context.op_execution_context.op_def.output_dict)
    keys = context.assets_def.keys
    for event in events:
        if isinstance(event, Output) and event.output_name not in outputs:
            continue
        if isinstance(event, AssetCheckResult | AssetObservation) and event.asset_key not in keys:
            continue
        yield event
