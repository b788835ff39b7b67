"""The closing report: rendered from the marts for every day of the run."""

from dagster import AssetExecutionContext, AssetKey, BackfillPolicy, MaterializeResult, MetadataValue, asset

from pipelines.defs.partitions import partition_dates, trading_days
from pipelines.defs.resources import WAREHOUSE_POOL, HkcloseResource
from pipelines.delivery.feeds import write_feeds
from pipelines.report.closing import write_closing_reports
from pipelines.report.document import provenance
from pipelines.report.queries import marts_read

# The marts the report's queries read, as the queries name them (one declaration).
REPORT_MARTS = marts_read()


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
    # Read from the private working database (identical to the published one after a successful
    # build): an analyst's session on the published file can never block the report.
    days = partition_dates(context.partition_keys)
    footer = provenance(settings.source)
    written = write_closing_reports(settings.working_path, days, footer, settings.reports_dir)
    context.log.info("wrote %d day(s) of reports, English and Chinese, to %s", written.days, settings.reports_dir)
    # The feeds list the newest days whatever the run wrote; a reader's feed client finds a new day there.
    feeds = write_feeds(settings.reports_dir, settings.reports_url)
    context.log.info("wrote the Atom feeds %s", ", ".join(str(path) for path in feeds))
    if feeds and not settings.reports_url:
        context.log.info(
            "the feeds' links are relative to the reports folder, which a feed reader cannot follow: "
            "set HKCLOSE_REPORTS_URL to the folder's public address (docs/report.md#delivery)"
        )
    return MaterializeResult(
        metadata={
            "reports": written.days,
            "path": MetadataValue.path(str(written.last_dir)),
            "preview": MetadataValue.md(written.last_markdown),
        }
    )
