"""Published, or not yet? What HKEX publishes after the close of a trading day (the Daily
Quotations page, the Stock Connect statistics) is not out at once: on the day, a 404 means "not
yet", not "no trading"; only HKEX's own "NO TRADING" page means a closure (docs/sources.md).

A run never waits for a publisher: it would hold the warehouse's one writer while nothing runs.
The daily sensor (`defs/daily_sensor.py`) asks every minute from 16:30 whether the day's
publications are out (`probe`, which keeps what it finds) and launches the day's run once they
all are, alerting at 18:00 if one is still missing; `hkclose report` on the day waits a stated few
minutes before its run starts. Inside a run, a publication still missing fails the day at once,
naming its URL.
"""

from dataclasses import dataclass
from datetime import date
from datetime import time as dt_time
from zoneinfo import ZoneInfo

from pipelines.contract.errors import InvalidDay, Problem
from pipelines.sources.hkex.downloads import Downloads, SourceUnavailable

HONG_KONG = ZoneInfo("Asia/Hong_Kong")
# HKEX puts the day's page up after the 16:10 close, usually well before 17:00; one still missing at
# 18:00 will not come in time for the day's report (docs/operations.md).
PUBLICATION_DEADLINE = dt_time(18, 0)
QUOTATIONS_URL = "https://www.hkex.com.hk/eng/stat/smstat/dayquot/d{day:%y%m%d}e.htm"
STOCK_CONNECT_URL = "https://www.hkex.com.hk/eng/csm/DailyStat/data_tab_daily_{day:%Y%m%d}e.js"


@dataclass(frozen=True)
class Publication:
    """A payload published after the close, once per trading day."""

    what: str  # as a person names it: "Daily Quotations"
    url: str
    name: str  # where it is kept under downloads/


def probe(downloads: Downloads, publication: Publication, trade_date: date) -> str | None:
    """None when the publication is out (it is then kept, so the run reads it from disk), else
    what is missing and why, in one line. One attempt: the sensor asks again a minute later."""
    try:
        payload = downloads.get(publication.url, publication.name, attempts=1)
    except SourceUnavailable as error:
        return f"the {publication.what} of {trade_date} ({publication.url}): {error}"
    if payload is None:
        return f"the {publication.what} of {trade_date}: {publication.url} answers 404 (not published yet)"
    return None


def published_payload(downloads: Downloads, publication: Publication, trade_date: date, today: date) -> bytes:
    """The publication's payload, fetched or kept; the day fails at once, naming the URL, when
    the publisher answers 404."""
    payload = downloads.get(publication.url, publication.name)
    if payload is not None:
        return payload
    if trade_date >= today:
        why = (
            f"HKEX has not published the {publication.what} of {trade_date} yet: {publication.url} answers 404. "
            "The daily sensor launches the day's run once it is out (`hkclose report` waits a few minutes for it); "
            "re-run the day then"
        )
    else:
        why = (
            f"{publication.url} answers 404: HKEX keeps its {publication.what} online for about a month. "
            f"An older day needs its payload kept under downloads/ (`--replay`), or the kinds it gives as landing "
            "files (docs/data-contract.md); a holiday or closure shows as a page saying NO TRADING"
        )
    raise InvalidDay(trade_date.isoformat(), [Problem(f"downloads/{publication.name}", why)])


def quotations_page(trade_date: date) -> Publication:
    return Publication("Daily Quotations", QUOTATIONS_URL.format(day=trade_date), f"hkex/d{trade_date:%y%m%d}e.htm")


def stock_connect_statistics(trade_date: date) -> Publication:
    return Publication(
        "Stock Connect statistics",
        STOCK_CONNECT_URL.format(day=trade_date),
        f"hkex/stock-connect/data_tab_daily_{trade_date:%Y%m%d}e.js",
    )
