"""The dbt project as assets: one dbt invocation builds the whole partition window."""

from collections.abc import Iterator, Mapping
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

from pipelines.defs.assets.raw import RAW_LAKE
from pipelines.defs.partitions import partition_dates, trading_days
from pipelines.defs.resources import WAREHOUSE_POOL, HkcloseResource, dbt_project
from pipelines.lake.build import build_and_publish, declared_mart_columns
from pipelines.lake.build_inputs import MART_NODES


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
    settings = hkclose.settings()

    def run_dbt(args: list[str]) -> Iterator:
        invocation = dbt.cli(args, context=context, target_path=settings.dbt_target_dir)
        return events_of_assets(context, invocation.stream())

    days = partition_dates(context.partition_keys)
    declared = declared_mart_columns(dbt_project.manifest_path)
    yield from build_and_publish(days, settings, declared, run_dbt, context.log)


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
