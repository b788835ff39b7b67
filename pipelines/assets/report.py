"""The closing report: rendered from the marts for every day of the run."""

import duckdb
from dagster import AssetExecutionContext, AssetKey, BackfillPolicy, MaterializeResult, MetadataValue, asset

from pipelines.partitions import partition_dates, trading_days
from pipelines.report.document import build_report
from pipelines.report.figures import load_figures
from pipelines.report.render import render_markdown, ship_plotly, write_index, write_reports
from pipelines.resources import WAREHOUSE_POOL, HkcloseResource
from pipelines.sources import source_from_settings

REPORT_MARTS = (
    "index_daily",
    "market_breadth",
    "stock_daily",
    "sector_daily",
    "sector_leaders",
    "turnover_ranking",
    "macro_latest",
    "popular_stocks",
    "notable_movers",
)


@asset(
    deps=[AssetKey(["marts", mart]) for mart in REPORT_MARTS],
    partitions_def=trading_days,
    backfill_policy=BackfillPolicy.single_run(),
    group_name="report",
    kinds={"duckdb", "markdown", "html"},
    pool=WAREHOUSE_POOL,
)
def closing_report(context: AssetExecutionContext, hkclose: HkcloseResource) -> MaterializeResult:
    """The closing report of each day, English and Traditional Chinese: Markdown, HTML and JSON, from the marts only."""
    settings = hkclose.settings()
    provenance = source_from_settings(settings).provenance
    days = partition_dates(context.partition_keys)
    # The private working database (identical to the published one after a successful build):
    # an analyst's session on the published file can never block the report.
    with duckdb.connect(str(settings.working_path), read_only=True) as con:
        figures = load_figures(con, days)
    ship_plotly(settings.reports_dir)
    last_dir = None
    for day in days:
        last_dir = write_reports(figures[day], provenance, settings.reports_dir)
    write_index(settings.reports_dir)
    last_markdown = render_markdown(build_report(figures[days[-1]], provenance))
    context.log.info("wrote %d day(s) of reports, English and Chinese, to %s", len(days), settings.reports_dir)
    return MaterializeResult(
        metadata={
            "reports": len(days),
            "path": MetadataValue.path(str(last_dir)),
            "preview": MetadataValue.md(last_markdown),
        }
    )
