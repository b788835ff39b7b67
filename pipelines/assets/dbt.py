"""The dbt project as assets: one dbt invocation builds the whole partition window."""

import json
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from dagster import AssetExecutionContext, BackfillPolicy
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from pipelines.partitions import partition_dates, trading_days
from pipelines.resources import HkcloseResource, dbt_project


class HkcloseDbtTranslator(DagsterDbtTranslator):
    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        """Group by layer: the model's folder (staging, intermediate, marts), seeds as reference."""
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        return dbt_resource_props["fqn"][1]


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    partitions_def=trading_days,
    backfill_policy=BackfillPolicy.single_run(),
    dagster_dbt_translator=HkcloseDbtTranslator(),
)
def hkclose_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource, hkclose: HkcloseResource):
    """Staging, intermediate and mart models and their tests, over the run's trading days."""
    settings = hkclose.settings()
    days = partition_dates(context.partition_keys)
    window = {
        "start_date": days[0].isoformat(),
        "end_date": (days[-1] + timedelta(days=1)).isoformat(),
        "lake_dir": str(settings.lake_dir),
        "database_path": str(settings.warehouse_path),
    }
    settings.warehouse_path.parent.mkdir(parents=True, exist_ok=True)
    # dbt unit tests run in the test suite (tests/test_dbt_unit_tests.py), not on every run.
    args = ["build", "--vars", json.dumps(window), "--exclude-resource-type", "unit_test"]
    yield from dbt.cli(args, context=context).stream()
