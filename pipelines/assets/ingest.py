"""Raw ingestion: each day's source data, validated, landed in the Parquet lake."""

from dagster import AssetExecutionContext, AssetSpec, BackfillPolicy, MaterializeResult, multi_asset

from pipelines.ingest import ingest
from pipelines.partitions import partition_dates, trading_days
from pipelines.resources import HkcloseResource
from pipelines.schemas import RAW_KINDS
from pipelines.sources import source_from_settings

RAW_DESCRIPTIONS = {
    "securities": "The securities master as known on the day.",
    "quotes": "Each security's close, previous close, volume and turnover.",
    "indexes": "Index levels of the day.",
    "macro": "Macro releases known on the day.",
    "fx": "HKD rates of the other trading currencies.",
    "notes": "The editor's notes on the day's moves.",
    "watchlist": "The editor's popular stocks for the day.",
}


@multi_asset(
    specs=[
        AssetSpec(["raw", kind], description=RAW_DESCRIPTIONS[kind], group_name="raw", kinds={"polars", "parquet"})
        for kind in RAW_KINDS
    ],
    partitions_def=trading_days,
    backfill_policy=BackfillPolicy.single_run(),
    can_subset=False,
)
def raw_day(context: AssetExecutionContext, hkclose: HkcloseResource):
    """Read each day from the configured source, validate it, land it in the raw lake."""
    settings = hkclose.settings()
    source = source_from_settings(settings)
    rows = ingest(source, partition_dates(context.partition_keys), settings.lake_dir, context.log)
    for kind in RAW_KINDS:
        yield MaterializeResult(
            asset_key=["raw", kind],
            metadata={"dagster/row_count": rows[kind], "source": source.name, "lake": str(settings.lake_dir / kind)},
        )
