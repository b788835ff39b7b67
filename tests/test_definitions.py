"""The code location loads and wires ingestion, dbt and the report into one graph."""

from dagster import AssetKey, BackfillPolicy

from pipelines.definitions import defs
from pipelines.partitions import trading_days

MARTS = ["index_daily", "market_breadth", "stock_daily", "sector_daily", "turnover_ranking", "macro_latest"]


def test_raw_assets_feed_dbt_sources_and_marts_feed_the_report() -> None:
    graph = defs.resolve_asset_graph()
    assert AssetKey(["raw", "quotes"]) in graph.get(AssetKey(["staging", "stg_raw__quotes"])).parent_keys
    report_parents = graph.get(AssetKey("closing_report")).parent_keys
    assert {AssetKey(["marts", m]) for m in ["index_daily", "market_breadth", "turnover_ranking", "macro_latest"]} <= report_parents


def test_every_mart_key_is_checked_by_a_dbt_test() -> None:
    checked = {key.asset_key for key in defs.resolve_asset_graph().asset_check_keys}
    assert {AssetKey(["marts", m]) for m in MARTS} <= checked


def test_every_partitioned_asset_backfills_in_one_run() -> None:
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assert node.partitions_def == trading_days, key
        assert node.backfill_policy == BackfillPolicy.single_run(), key


def test_the_sample_day_is_a_partition() -> None:
    assert trading_days.has_partition_key("2025-11-21")
