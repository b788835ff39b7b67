"""`HKCLOSE_SOURCE=hkex`: a whole day from what HKEX, Hang Seng Indexes, HKMA and C&SD publish,
with nothing made by hand (docs/sources.md).

- quotes, index levels (HSI, HSCEI), the exchange's totals and short selling: HKEX's Daily
  Quotations page of the day;
- HSTECH and the twelve Hang Seng Composite Industry Indexes (each sector's published move): Hang
  Seng Indexes' snapshots (the day they are fetched) or their published histories;
- the Hang Seng Index's constituents: Hang Seng Indexes' list of the week up to the day;
- securities: HKEX's List of Securities in English and Chinese (refreshed when older than a week),
  sectors from the Hang Seng Industry Classification of Hang Seng Indexes' industry indexes;
- capital flows: HKEX's daily Stock Connect statistics;
- fx: HKMA's daily rates, the latest published before the day;
- macro: HKMA money supply and C&SD, from the newest snapshot fetched on or before the day.

Every payload is kept under `downloads/`, so a day replays without the network. Any kind can be
overridden for a day by a landing file (docs/data-contract.md): it wins over the fetched value,
and the report's footer names it.
"""

from collections.abc import Callable
from datetime import date, datetime
from functools import cache
from pathlib import Path

import polars as pl

from pipelines.config import Settings
from pipelines.contract.delivery import Delivery
from pipelines.contract.errors import InvalidDay, Problem
from pipelines.reference.securities import UNCLASSIFIED
from pipelines.sources.hkex.downloads import Downloads, SourceUnavailable
from pipelines.sources.hkex.hang_seng_indexes import HangSengIndexes, failure
from pipelines.sources.hkex.highlights import parse_exchange_totals, parse_index_levels
from pipelines.sources.hkex.hkma_fx import HkmaFxFormatError, latest_rates_before
from pipelines.sources.hkex.macro_apis import MacroApiError, api_releases
from pipelines.sources.hkex.publication import (
    HONG_KONG,
    PUBLICATION_DEADLINE,
    probe,
    published_payload,
    quotations_page,
    stock_connect_statistics,
)
from pipelines.sources.hkex.quotations import NoTrading, QuotationsFormatError, parse_quotations
from pipelines.sources.hkex.securities import ListOfSecuritiesError, read_chinese_names, read_list_of_securities
from pipelines.sources.hkex.short_selling import parse_short_selling
from pipelines.sources.hkex.stock_connect import StockConnectFormatError, parse_southbound
from pipelines.sources.hkex.vintages import Vintage, dated_folder, dated_name
from pipelines.sources.landing import LandingSource

LIST_OF_SECURITIES_URL = "https://www.hkex.com.hk/eng/services/trading/securities/securitieslists/ListOfSecurities.xlsx"
CHINESE_LIST_URL = "https://www.hkex.com.hk/chi/services/trading/securities/securitieslists/ListOfSecurities_c.xlsx"
HKMA_FX_URL = (
    "https://api.hkma.gov.hk/public/market-data-and-statistics/monthly-statistical-bulletin/er-ir/er-eeri-daily"
)
HKMA_FX_PARAMS = {"sortby": "end_of_day", "sortorder": "desc", "pagesize": 100}
# Kinds a landing file may add for a day, besides those the source fetches (which it overrides).
OPTIONAL_LANDING = ("notes", "watchlist", "macro")
FROM_THE_PAGE = ("quotes", "indexes", "exchange_totals", "short_selling")


class HkexSource:
    name = "hkex"
    published_by = PUBLICATION_DEADLINE
    replayable = True  # every payload is kept under downloads/

    def __init__(
        self,
        landing_dir: Path,
        downloads: Downloads | None = None,
        today: Callable[[], date] | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(HONG_KONG),
    ) -> None:
        self.root = landing_dir
        self.landing = LandingSource(landing_dir, name="hkex", required=())
        self.downloads = downloads or Downloads(landing_dir / "downloads")
        self.now = now
        self.today = today or (lambda: self.now().date())
        self.hang_seng = HangSengIndexes(self.downloads, self.today)

    @classmethod
    def from_settings(cls, settings: Settings) -> "HkexSource":
        """The live source; with `replay_dir`, the payloads kept there, offline."""
        replayed = Downloads(settings.replay_dir, offline=True) if settings.replay_dir else None
        return cls(settings.landing_dir, replayed)

    def waiting_for(self, trade_date: date) -> list[str]:
        """The day's after-close publications that are not out yet (each one found is kept)."""
        overridden = self.landing.kinds_present(trade_date)
        needed = []
        if not set(FROM_THE_PAGE) <= overridden:
            needed.append(quotations_page(trade_date))
        if "capital_flows" not in overridden and "southbound_stocks" not in overridden:
            needed.append(stock_connect_statistics(trade_date))
        return [missing for publication in needed if (missing := probe(self.downloads, publication, trade_date))]

    def read_day(self, trade_date: date) -> dict[str, Delivery]:
        overrides = {
            kind: Delivery(delivery.file, delivery.frame, is_override=kind not in OPTIONAL_LANDING)
            for kind, delivery in self.landing.read_day(trade_date).items()
        }
        user_list = self._user_list_of_securities()
        fetched: dict[str, Delivery] = {}
        try:
            page_file = f"downloads/{quotations_page(trade_date).name}"
            page = self._page(trade_date) if not set(FROM_THE_PAGE) <= set(overrides) else None
            quoted = overrides["quotes"].frame if "quotes" in overrides else None
            if page is not None:
                quoted = self._parsed(trade_date, page_file, lambda text: parse_quotations(text, trade_date), page)
                fetched["quotes"] = Delivery(page_file, quoted.drop("name", "is_top_active"))
                if "indexes" not in overrides:
                    fetched["indexes"] = self._indexes(trade_date, page_file, page)
                for kind, parser in (
                    ("exchange_totals", parse_exchange_totals),
                    ("short_selling", parse_short_selling),
                ):
                    fetched[kind] = Delivery(page_file, self._parsed(trade_date, page_file, parser, page))
            if "securities" not in overrides:
                fetched["securities"] = self._securities(trade_date, quoted, user_list)
            if "capital_flows" not in overrides and "southbound_stocks" not in overrides:
                fetched.update(self._capital_flows(trade_date))
            if "fx" not in overrides:
                fetched["fx"] = self._fx(trade_date)
            if "index_constituents" not in overrides and (listed := self.hang_seng.hsi_constituents(trade_date)):
                fetched["index_constituents"] = Delivery(*listed)
            fetched["macro"] = self._macro(trade_date, overrides.pop("macro", None))
        except SourceUnavailable as error:
            raise InvalidDay(trade_date.isoformat(), [Problem("downloads/", str(error))]) from None
        return {**fetched, **overrides}

    # --- the Daily Quotations page -----------------------------------------------------------

    def _page(self, trade_date: date) -> str:
        page = published_payload(self.downloads, quotations_page(trade_date), trade_date, self.today())
        return page.decode("latin-1")

    @staticmethod
    def _parsed(trade_date: date, label: str, parser: Callable[[str], object], page: str):
        """What `parser` reads from the page, or the day rejected naming the page and what is wrong."""
        try:
            parsed = parser(page)
        except QuotationsFormatError as error:
            raise InvalidDay(trade_date.isoformat(), [Problem(label, str(error))]) from None
        if isinstance(parsed, NoTrading):
            rule = (
                "HKEX published no trading on this day (a holiday or closure): "
                "add it to dbt_project/seeds/calendar_overrides.csv"
            )
            raise InvalidDay(trade_date.isoformat(), [Problem(label, rule)])
        return parsed

    # --- index levels ---------------------------------------------------------------------------

    def _indexes(self, trade_date: date, page_file: str, page: str) -> Delivery:
        """HSI and HSCEI from the page; HSTECH and the industry indexes from Hang Seng Indexes."""
        levels = self._parsed(trade_date, page_file, parse_index_levels, page)
        hstech_file, hstech = self.hang_seng.hstech(trade_date)
        industry_file, industries = self.hang_seng.industry_levels(trade_date)
        frame = pl.concat([levels, pl.DataFrame([{"source_row": None, **hstech}]), industries], how="diagonal_relaxed")
        return Delivery(f"{page_file}, {hstech_file} and {industry_file}", frame)

    # --- securities --------------------------------------------------------------------------

    def _user_list_of_securities(self) -> Path | None:
        """A List of Securities the user placed in the landing folder: it overrides the fetched one."""
        files = [*self.root.glob("ListOfSecurities*.csv"), *self.root.glob("ListOfSecurities*.xlsx")]
        return max(files, key=lambda p: p.stat().st_mtime) if files else None

    def _securities(self, trade_date: date, quotes: pl.DataFrame, user_list: Path | None) -> Delivery:
        industries = self.hang_seng.classification(trade_date)
        override = user_list is not None
        if user_list is not None:
            path, label = user_list, user_list.name
        else:
            name = self._dated_name("hkex/securities/ListOfSecurities", trade_date, Vintage.LIST, ".xlsx")
            self._fetched(LIST_OF_SECURITIES_URL, None, name)
            path, label = self.downloads.folder / name, f"downloads/{name}"
        zh_name = self._dated_name("hkex/securities/ListOfSecurities_c", trade_date, Vintage.LIST, ".xlsx")
        self._fetched(CHINESE_LIST_URL, None, zh_name)
        zh_path = self.downloads.folder / zh_name
        try:
            master = _read_master(path, path.stat().st_mtime, industries)
            chinese = _read_chinese(zh_path, zh_path.stat().st_mtime)
        except ListOfSecuritiesError as error:
            raise InvalidDay(trade_date.isoformat(), [Problem(label, str(error))]) from None
        master = master.join(chinese, on="code", how="left")
        unlisted = quotes.join(master, on="code", how="anti").select(
            "source_row",
            "code",
            name=pl.col("name") if "name" in quotes.columns else pl.col("code"),
            category=pl.lit(UNCLASSIFIED),
            board=pl.lit("MAIN"),
            sector=pl.lit(UNCLASSIFIED),
            industry=pl.lit(None, pl.String),
        )
        return Delivery(label, pl.concat([master, unlisted], how="diagonal_relaxed"), is_override=override)

    # --- capital flows, fx, macro ----------------------------------------------------------------

    def _capital_flows(self, trade_date: date) -> dict[str, Delivery]:
        publication = stock_connect_statistics(trade_date)
        label = f"downloads/{publication.name}"
        payload = published_payload(self.downloads, publication, trade_date, self.today())
        try:
            flows, top_stocks = parse_southbound(payload, trade_date)
        except StockConnectFormatError as error:
            raise failure(trade_date, "capital_flows", publication.url, str(error)) from None
        return {"capital_flows": Delivery(label, flows), "southbound_stocks": Delivery(label, top_stocks)}

    def _fx(self, trade_date: date) -> Delivery:
        name = self._dated_name("hkma/fx/er-eeri-daily", trade_date, Vintage.AS_KNOWN)
        try:
            rates = latest_rates_before(self._fetched(HKMA_FX_URL, HKMA_FX_PARAMS, name), trade_date)
        except HkmaFxFormatError as error:
            raise failure(trade_date, "fx", HKMA_FX_URL, str(error)) from None
        return Delivery(f"downloads/{name}", rates)

    def _macro(self, trade_date: date, landing: Delivery | None) -> Delivery:
        snapshot = self._snapshot_for(trade_date)
        try:
            releases = self._api_releases(snapshot)
        except MacroApiError as error:
            raise InvalidDay(trade_date.isoformat(), [Problem("downloads/hkma, downloads/csd", str(error))]) from None
        api = releases.with_row_index("source_row", offset=1).with_columns(
            pl.col("source_row").cast(pl.Int64),
            pl.col("value").cast(pl.String),
            pl.col("released_on").cast(pl.String),
            # A snapshot fetched after the day may hold revisions published since (macro as known).
            is_revised_possible=pl.lit(str(snapshot > trade_date).lower()),
        )
        if landing is None:
            return Delivery(f"macro APIs (HKMA, C&SD) of {snapshot}", api)
        return Delivery(f"macro APIs and {landing.file}", pl.concat([api, landing.frame], how="diagonal_relaxed"))

    def _snapshot_for(self, trade_date: date) -> date:
        """The macro APIs' snapshot as known on the day (vintages.py), with none kept, today's."""
        return dated_folder(self.downloads.folder / "hkma", trade_date, Vintage.AS_KNOWN, self.today())

    @cache  # noqa: B019 - one source object per run; the snapshot's payloads do not change
    def _api_releases(self, snapshot: date) -> pl.DataFrame:
        return api_releases(self.downloads, snapshot)

    # --- payloads kept by the date they were fetched -------------------------------------------

    def _dated_name(self, stem: str, trade_date: date, vintage: Vintage, suffix: str = ".json") -> str:
        return dated_name(self.downloads.folder, stem, trade_date, vintage, self.today(), suffix)

    def _fetched(self, url: str, params: dict | None, name: str) -> bytes:
        payload = self.downloads.get(url, name, params)
        if payload is None:
            raise SourceUnavailable(
                f"{url} answered 404 (not found): the publisher moved or withdrew it; a landing file of "
                "the kind overrides it for the day (docs/data-contract.md)"
            )
        return payload


# Each kept file is read once per version of it, not once per day of a backfill.
@cache
def _read_master(path: Path, modified: float, industries: tuple[tuple[str, str], ...]) -> pl.DataFrame:
    return read_list_of_securities(path, dict(industries))


@cache
def _read_chinese(path: Path, modified: float) -> pl.DataFrame:
    return read_chinese_names(path)
