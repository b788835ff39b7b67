"""`HKCLOSE_SOURCE=hkex`: the exchange's own files and the government's open data.

- quotes: HKEX's Daily Quotations page of the day, fetched once and kept on disk;
- securities: HKEX's List of Securities, a CSV or xlsx the user downloads into the landing folder
  (`ListOfSecurities*.csv` or `.xlsx`, the newest one); securities on the page but not in the list
  are kept as `Unclassified` (outside the breadth universe);
- macro: HKMA money supply and C&SD unemployment, retail sales and trade (pipelines/sources/
  macro_apis.py), plus the landing `macro/` files for what has no open API (the PMI);
- indexes (required), fx, notes and watchlist: the landing files, as for `HKCLOSE_SOURCE=landing`.
"""

import logging
import time
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as dt_time
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

from pipelines.contract.delivery import Delivery
from pipelines.contract.errors import InvalidDay, Problem
from pipelines.sources.downloads import Downloads
from pipelines.sources.hkex_quotations import NoTrading, QuotationsFormatError, parse_quotations
from pipelines.sources.hkex_securities import ListOfSecuritiesError, read_list_of_securities
from pipelines.sources.landing import LandingSource
from pipelines.sources.macro_apis import MacroApiError, api_releases

QUOTATIONS_URL = "https://www.hkex.com.hk/eng/stat/smstat/dayquot/d{day:%y%m%d}e.htm"
HONG_KONG = ZoneInfo("Asia/Hong_Kong")
log = logging.getLogger(__name__)
# HKEX puts the day's page up after the 16:10 close, usually well before 17:00; a page still
# missing at 18:00 will not come in time for the day's report (docs/sources.md).
PUBLICATION_DEADLINE = dt_time(18, 0)
FIRST_WAIT_SECONDS = 30.0
MAX_WAIT_SECONDS = 300.0
HKEX_PROVENANCE = (
    "Data: HKEX Daily Quotations and List of Securities; HKMA and C&SD open data; index levels, fx, "
    "the PMI and editor's notes from the landing files."
)


class HkexSource:
    name = "hkex"
    provenance = HKEX_PROVENANCE

    def __init__(
        self,
        landing_dir: Path,
        downloads: Downloads | None = None,
        today: Callable[[], date] = date.today,
        now: Callable[[], datetime] = lambda: datetime.now(HONG_KONG),
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.root = landing_dir
        self.landing = LandingSource(
            landing_dir, name="hkex", kinds=("indexes", "fx", "notes", "watchlist", "macro"), required=("indexes",)
        )
        self.downloads = downloads or Downloads(landing_dir / "downloads")
        self.today = today
        self.now = now
        self.sleep = sleep

    def read_day(self, trade_date: date) -> dict[str, Delivery]:
        delivered = self.landing.read_day(trade_date)
        quotes_file = f"downloads/hkex/d{trade_date:%y%m%d}e.htm"
        quotes = self._quotes(trade_date, quotes_file)
        delivered["quotes"] = Delivery(quotes_file, quotes.drop("name", "is_top_active"))
        delivered["securities"] = self._securities(trade_date, quotes)
        delivered["macro"] = self._macro(trade_date, delivered.get("macro"))
        return delivered

    def _quotes(self, trade_date: date, label: str) -> pl.DataFrame:
        page = self._published_page(trade_date, label)
        try:
            parsed = parse_quotations(page.decode("latin-1"), trade_date)
        except QuotationsFormatError as error:
            raise InvalidDay(trade_date.isoformat(), [Problem(label, str(error))]) from None
        if isinstance(parsed, NoTrading):
            rule = (
                "HKEX published no trading on this day (a holiday or closure): "
                "add it to dbt_project/seeds/calendar_overrides.csv"
            )
            raise InvalidDay(trade_date.isoformat(), [Problem(label, rule)])
        return parsed

    def _published_page(self, trade_date: date, label: str) -> bytes:
        """The day's Daily Quotations page. On a trading day HKEX publishes it after the close, so
        a missing page (404) means "not yet": wait, with back-off, until the publication deadline
        of that day, then fail saying so. Only the page's own "NO TRADING" means a closure."""
        url = QUOTATIONS_URL.format(day=trade_date)
        deadline = datetime.combine(trade_date, PUBLICATION_DEADLINE, HONG_KONG)
        wait = FIRST_WAIT_SECONDS
        while (page := self.downloads.get(url, label.removeprefix("downloads/"))) is None:
            now = self.now()
            if now >= deadline:
                rule = (
                    f"HKEX has not published the Daily Quotations of {trade_date}: {url} answers 404 "
                    f"(last tried {now:%Y-%m-%d %H:%M} Hong Kong time, "
                    f"past the {PUBLICATION_DEADLINE:%H:%M} deadline). "
                    "Re-run the day once the page is out; a holiday or closure shows as a page saying NO TRADING"
                )
                raise InvalidDay(trade_date.isoformat(), [Problem(label, rule)])
            pause = min(wait, MAX_WAIT_SECONDS, (deadline - now).total_seconds())
            log.info("%s is not published yet (404); trying again in %.0f s", url, pause)
            self.sleep(pause)
            wait *= 2
        return page

    def _securities(self, trade_date: date, quotes: pl.DataFrame) -> Delivery:
        files = sorted([*self.root.glob("ListOfSecurities*.csv"), *self.root.glob("ListOfSecurities*.xlsx")])
        if not files:
            raise InvalidDay(
                trade_date.isoformat(),
                [Problem("ListOfSecurities.csv", "no HKEX List of Securities (CSV or xlsx) in the landing folder")],
            )
        newest = max(files, key=lambda p: p.stat().st_mtime)
        try:
            master = _read_master(newest, newest.stat().st_mtime)
        except ListOfSecuritiesError as error:
            raise InvalidDay(trade_date.isoformat(), [Problem(newest.name, str(error))]) from None
        unlisted = quotes.join(master, on="code", how="anti").select(
            "source_row",
            "code",
            "name",
            category=pl.lit("Unclassified"),
            board=pl.lit("MAIN"),
            sector=pl.lit("Unclassified"),
            industry=pl.lit(None, pl.String),
        )
        return Delivery(newest.name, pl.concat([master, unlisted]))

    def _macro(self, trade_date: date, landing: Delivery | None) -> Delivery:
        try:
            releases = self._api_releases(self._snapshot_for(trade_date))
        except MacroApiError as error:
            raise InvalidDay(trade_date.isoformat(), [Problem("downloads/hkma, downloads/csd", str(error))]) from None
        api = releases.with_row_index("source_row", offset=1).with_columns(
            pl.col("source_row").cast(pl.Int64), pl.col("value").cast(pl.String), pl.col("released_on").cast(pl.String)
        )
        if landing is None:
            return Delivery("macro APIs (HKMA, C&SD)", api)
        return Delivery(f"macro APIs and {landing.file}", pl.concat([api, landing.frame], how="diagonal_relaxed"))

    def _snapshot_for(self, trade_date: date) -> date:
        """The earliest API snapshot fetched on or after the day (the vintage nearest to it), else today's."""
        kept = sorted(
            date.fromisoformat(p.name) for p in (self.downloads.folder / "hkma").glob("????-??-??") if p.is_dir()
        )
        later = [d for d in kept if d >= trade_date]
        return later[0] if later else self.today()

    @cache  # noqa: B019 - one source object per run; the snapshot's payloads do not change
    def _api_releases(self, snapshot: date) -> pl.DataFrame:
        return api_releases(self.downloads, snapshot)


@cache
def _read_master(path: Path, modified: float) -> pl.DataFrame:
    """The list, read once per file version."""
    return read_list_of_securities(path)
