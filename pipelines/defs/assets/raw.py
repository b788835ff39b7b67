"""Raw ingestion: each day's source data, validated, landed in the Parquet lake."""

from dagster import AssetExecutionContext, AssetKey, BackfillPolicy, MaterializeResult, asset

from pipelines.defs.partitions import partition_dates, trading_days
from pipelines.defs.resources import WAREHOUSE_POOL, HkcloseResource
from pipelines.lake.ingest import ingest
from pipelines.sources.registry import source_from_settings

# One asset for every kind of a day (the 12 of contract/schemas.py: securities, quotes, indexes,
# macro, ...): they are validated together and land together, and Dagster records one event per
# asset and day, so a ten-year backfill costs 2,460 events here instead of twelve times that.
RAW_LAKE = AssetKey(["raw", "lake"])


@asset(
    key=RAW_LAKE,
    partitions_def=trading_days,
    backfill_policy=BackfillPolicy.single_run(),
    group_name="raw",
    kinds={"polars", "parquet"},
    pool=WAREHOUSE_POOL,
)
def raw_lake(context: AssetExecutionContext, hkclose: HkcloseResource) -> MaterializeResult:
    """Each day's securities, quotes, indexes, macro releases, fx, notes, watchlist, the exchange's totals,
    short selling and southbound flows: validated, landed."""
    settings = hkclose.settings()
    source = source_from_settings(settings)
    rows = ingest(source, partition_dates(context.partition_keys), settings.lake_dir, context.log)
    return MaterializeResult(
        metadata={
            "dagster/row_count": rows["quotes"],
            **{f"rows/{kind}": count for kind, count in rows.items()},
            "source": source.name,
            "lake": str(settings.lake_dir),
        }
    )
