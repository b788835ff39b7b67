"""Macro releases from open APIs: HKMA money supply and the Census and Statistics Department.

Neither API gives a release date, so each figure takes the date the publisher's usual calendar
gives it (pipelines/market/releases.py), never the date of download. The payloads are kept on
disk (pipelines/sources/hkex/downloads.py): a later snapshot replays for earlier days, and the
release dates keep each day to what was published by then.
"""

import json
from datetime import date

import polars as pl

from pipelines.market.releases import release_date
from pipelines.sources.hkex.downloads import Downloads

HKMA_MONEY_SUPPLY = (
    "https://api.hkma.gov.hk/public/market-data-and-statistics/monthly-statistical-bulletin/money/supply-adjusted"
)
HKMA_PAGE_SIZE = 100
CSD_API = "https://www.censtatd.gov.hk/api/get.php"
# (table, frequency, series) -> what it is; the series codes of each C&SD table that hkclose reads.
CSD_UNEMPLOYMENT = ("210-06101", "M3M", "SAUR")  # three-month average, seasonally adjusted, %
CSD_RETAIL_SALES = ("620-67001", "M", "VAL")  # value of total retail sales, HK$ million
CSD_EXPORTS = ("410-50001", "M", "TX")  # total exports, HK$ million
CSD_IMPORTS = ("410-50001", "M", "IM")  # imports, HK$ million
RELEASE_COLUMNS = ["indicator", "period", "value", "unit", "released_on", "source"]


class MacroApiError(ValueError):
    """An API answered, but not with the documented layout or a success status."""


def _json(payload: bytes, what: str) -> dict:
    try:
        return json.loads(payload)
    except json.JSONDecodeError as error:
        raise MacroApiError(f"{what}: not JSON ({error})") from None


def hkma_money_supply_pages(downloads: Downloads, snapshot: str) -> list[bytes]:
    """Every page of the money supply series (the API pages with `offset` and `pagesize`)."""
    pages, offset = [], 0
    while True:
        payload = downloads.get(
            HKMA_MONEY_SUPPLY,
            f"hkma/{snapshot}/money_supply_{offset // HKMA_PAGE_SIZE}.json",
            params={"offset": offset, "pagesize": HKMA_PAGE_SIZE},
        )
        if payload is None:
            raise MacroApiError(f"{HKMA_MONEY_SUPPLY}: not found")
        pages.append(payload)
        size = _json(payload, "HKMA money supply")["result"]["datasize"]
        offset += HKMA_PAGE_SIZE
        if offset >= size:
            return pages


def parse_hkma_money_supply(pages: list[bytes]) -> pl.DataFrame:
    """M3 year-on-year growth (%) by month, derived from the M3 totals (HK$ million)."""
    records = []
    for number, payload in enumerate(pages):
        document = _json(payload, f"HKMA money supply page {number}")
        if not document.get("header", {}).get("success"):
            raise MacroApiError(f"HKMA money supply page {number}: success is not true: {document.get('header')}")
        records += [(r["end_of_month"], float(r["m3_total"])) for r in document["result"]["records"]]
    levels = pl.DataFrame(records, schema=["period", "m3"], orient="row").unique("period").sort("period")
    return yoy_releases(levels.rename({"m3": "level"}), "m3_yoy", "HKMA")


def yoy_releases(levels: pl.DataFrame, indicator: str, source: str) -> pl.DataFrame:
    """Year-on-year growth (%) of a monthly level series `period` (YYYY-MM), `level`."""
    year_before = levels.with_columns(
        period=(pl.col("period").str.slice(0, 4).cast(pl.Int32) + 1).cast(pl.String) + pl.col("period").str.slice(4)
    ).rename({"level": "level_year_before"})
    growth = levels.join(year_before, on="period", how="inner").with_columns(
        value=((pl.col("level") / pl.col("level_year_before") - 1) * 100).round(1)
    )
    return _with_release_dates(growth.select("period", "value"), indicator, "%", source)


def _with_release_dates(frame: pl.DataFrame, indicator: str, unit: str, source: str) -> pl.DataFrame:
    released = [release_date(indicator, int(p[:4]), int(p[5:7])) for p in frame["period"]]
    return frame.with_columns(
        indicator=pl.lit(indicator),
        unit=pl.lit(unit),
        source=pl.lit(source),
        released_on=pl.Series(released, dtype=pl.Date),
    ).select(RELEASE_COLUMNS)


def csd_table(downloads: Downloads, table: str, snapshot: str) -> dict:
    payload = downloads.get(
        CSD_API, f"csd/{snapshot}/{table}.json", params={"id": table, "lang": "en", "full_series": 1}
    )
    if payload is None:
        raise MacroApiError(f"C&SD table {table}: not found")
    document = _json(payload, f"C&SD table {table}")
    if document.get("header", {}).get("status", {}).get("code") != 0:
        raise MacroApiError(f"C&SD table {table}: status is not 0: {document.get('header')}")
    return document


def csd_series(document: dict, frequency: str, series: str) -> pl.DataFrame:
    """One series of a C&SD table: `period` (YYYY-MM), `level`."""
    rows = [
        (f"{r['period'][:4]}-{r['period'][4:6]}", float(r["figure"]))
        for r in document["dataSet"]
        if r.get("freq") == frequency and r.get("sv") == series and r.get("figure") not in (None, "")
    ]
    return pl.DataFrame(rows, schema=["period", "level"], orient="row").unique("period").sort("period")


def parse_csd(unemployment: dict, retail: dict, trade: dict) -> pl.DataFrame:
    """Unemployment rate, retail sales and export growth, and the visible trade balance."""
    rate = csd_series(unemployment, *CSD_UNEMPLOYMENT[1:]).rename({"level": "value"})
    exports = csd_series(trade, *CSD_EXPORTS[1:])
    imports = csd_series(trade, *CSD_IMPORTS[1:])
    balance = exports.join(imports, on="period", suffix="_imports").select(
        "period", value=((pl.col("level") - pl.col("level_imports")) / 1000).round(1)
    )
    return pl.concat(
        [
            _with_release_dates(rate, "unemployment_rate", "%", "C&SD"),
            yoy_releases(csd_series(retail, *CSD_RETAIL_SALES[1:]), "retail_sales_yoy", "C&SD"),
            yoy_releases(exports, "exports_yoy", "C&SD"),
            _with_release_dates(balance, "trade_balance", "HKD billion", "C&SD"),
        ]
    )


def api_releases(downloads: Downloads, snapshot: date) -> pl.DataFrame:
    """Every release the APIs hold, from the snapshot fetched on `snapshot` (kept on disk)."""
    name = snapshot.isoformat()
    return pl.concat(
        [
            parse_hkma_money_supply(hkma_money_supply_pages(downloads, name)),
            parse_csd(
                *(csd_table(downloads, t, name) for t in (CSD_UNEMPLOYMENT[0], CSD_RETAIL_SALES[0], CSD_EXPORTS[0]))
            ),
        ]
    )
