"""The code location loads and wires ingestion, dbt and the report into one graph."""

from dagster import AssetKey, BackfillPolicy

from pipelines.definitions import defs
from pipelines.defs.partitions import trading_days

MARTS = ["index_daily", "market_breadth", "stock_daily", "sector_daily", "turnover_ranking", "macro_latest"]


def test_the_raw_lake_feeds_the_marts_and_the_marts_feed_the_report() -> None:
    graph = defs.resolve_asset_graph()
    assert AssetKey(["raw", "lake"]) in graph.get(AssetKey(["marts", "stock_daily"])).parent_keys
    report_parents = graph.get(AssetKey("closing_report")).parent_keys
    assert {
        AssetKey(["marts", m]) for m in ["index_daily", "market_breadth", "turnover_ranking", "macro_latest"]
    } <= report_parents


def test_every_mart_key_is_checked_by_a_dbt_test() -> None:
    checked = {key.asset_key for key in defs.resolve_asset_graph().asset_check_keys}
    assert {AssetKey(["marts", m]) for m in MARTS} <= checked


def test_every_materialized_asset_is_a_trading_day_partition_backfilled_in_one_run() -> None:
    graph = defs.resolve_asset_graph()
    materializable = [graph.get(k) for k in graph.get_all_asset_keys() if graph.get(k).is_materializable]
    assert len(materializable) == 11  # the raw lake, 9 marts, the report: one event each per day
    for node in materializable:
        assert node.partitions_def == trading_days, node.key
        assert node.backfill_policy == BackfillPolicy.single_run(), node.key


def test_the_sample_day_is_a_partition() -> None:
    assert trading_days.has_partition_key("2025-11-21")
