"""The code location loads and wires ingestion, dbt and the report into one graph.

What the graph holds (assets, checks, partitions, jobs, schedules) is compared with a committed
snapshot (tests/__snapshots__/): a change to it shows in review. After an intended change, update
it with `pytest tests/test_definitions.py --snapshot-update`.
"""

from dagster import AssetKey, BackfillPolicy

from pipelines.definitions import DEFINITIONS
from pipelines.defs.partitions import trading_days

GRAPH = DEFINITIONS.resolve_asset_graph()
# The marts the dbt assets build (the calendar, a reference table they join, is not one of them).
MARTS = sorted(key for key in GRAPH.get_all_asset_keys() if key.path[0] == "marts" and GRAPH.get(key).is_materializable)


def test_the_raw_lake_feeds_every_mart_and_the_marts_feed_the_report() -> None:
    assert len(MARTS) >= 9
    for mart in MARTS:
        ancestors = GRAPH.upstream_key_iterator(mart)
        assert AssetKey(["raw", "lake"]) in set(ancestors), mart
    assert set(MARTS) >= GRAPH.get(AssetKey("closing_report")).parent_keys - {AssetKey(["raw", "lake"])}


def test_every_mart_has_its_rows_test() -> None:
    for mart in MARTS:
        names = {check.name for check in GRAPH.get(mart).check_keys}
        assert f"{mart.path[-1]}_rows_are_valid" in names, (mart, names)


def test_every_materialized_asset_is_a_trading_day_partition_backfilled_in_one_run() -> None:
    for key in GRAPH.get_all_asset_keys():
        node = GRAPH.get(key)
        if node.is_materializable:
            assert node.partitions_def == trading_days, key
            assert node.backfill_policy == BackfillPolicy.single_run(), key


def test_the_sample_day_is_a_partition() -> None:
    assert trading_days.has_partition_key("2025-11-21")


def describe_definitions() -> dict:
    """What the code location holds, as plain data."""
    assets = {}
    for key in sorted(GRAPH.get_all_asset_keys()):
        node = GRAPH.get(key)
        assets[key.to_user_string()] = {
            "group": node.group_name,
            "materializable": node.is_materializable,
            "partitions": str(node.partitions_def) if node.partitions_def else None,
            "backfill": str(node.backfill_policy) if node.backfill_policy else None,
            "pools": sorted(node.pools or []),
            "checks": sorted(check.name for check in node.check_keys),
        }
    return {
        "assets": assets,
        "jobs": sorted(job.name for job in DEFINITIONS.resolve_all_job_defs() if not job.name.startswith("__")),
        "sensors": sorted(sensor.name for sensor in DEFINITIONS.sensors),
        "schedules": {
            schedule.name: f"{schedule.cron_schedule} {schedule.execution_timezone} -> {schedule.job_name}"
            for schedule in DEFINITIONS.schedules
        },
    }


def test_the_definitions_are_those_of_the_snapshot(snapshot) -> None:
    assert describe_definitions() == snapshot
