"""What the `hkex` source takes from Hang Seng Indexes, fetched and kept by the date it serves:
HSTECH's level, the twelve Hang Seng Composite Industry Indexes' levels (a sector's published
move), the industry classification and the Hang Seng Index's constituents (hang_seng.py parses
each payload)."""

from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

import polars as pl

from pipelines.config import DBT_PROJECT_DIR
from pipelines.contract.errors import InvalidDay, Problem
from pipelines.sources.hkex import hang_seng
from pipelines.sources.hkex.downloads import Downloads, SourceUnavailable
from pipelines.sources.hkex.vintages import REFERENCE_MAX_AGE, Vintage, dated_name

SITE = "https://www.hsi.com.hk"
HSTECH_SNAPSHOT_URL = f"{SITE}/data/eng/rt/index-series/hstech/performance.do"
INDUSTRY_SNAPSHOT_URL = f"{SITE}/data/eng/rt/index-series/industry/performance.do"
HISTORY_URL = f"{SITE}/api/wsit-hsi-ddoc-ea-public-website-proxy/v1/product-data/pub/indexes/metadata/v2"
INDUSTRY_URL = f"{SITE}/data/eng/rt/index-series/industry/constituents.do"
HSI_CONSTITUENTS_URL = f"{SITE}/data/eng/rt/index-series/hsi/constituents.do"


def history_params(publisher_code: str) -> dict[str, str]:
    return {"data": "valueHistoryPub", "indexCodes": publisher_code, "language": "eng"}


@cache
def industry_index_codes() -> dict[str, str]:
    """Hang Seng's code of each industry index (00011.10) -> hkclose's (HSCIIT), from the seed
    that names every index hkclose knows (dbt_project/seeds/index_reference.csv)."""
    seed = pl.read_csv(DBT_PROJECT_DIR / "seeds" / "index_reference.csv", infer_schema=False)
    industries = seed.filter(pl.col("measures_sector").is_not_null())
    return dict(zip(industries["publisher_code"], industries["index_code"], strict=True))


def failure(trade_date: date, kind: str, url: str, why: str) -> InvalidDay:
    fix = f"check {url}, or give the day's {kind} as a landing file (docs/data-contract.md), which overrides it"
    return InvalidDay(trade_date.isoformat(), [Problem(url, f"{why}: {fix}")])


class HangSengIndexes:
    def __init__(self, downloads: Downloads, today: Callable[[], date]) -> None:
        self.downloads = downloads
        self.today = today

    def hstech(self, trade_date: date) -> tuple[str, dict]:
        """HSTECH of the day: the snapshot kept for it, or taken now on the day itself, else the history."""
        try:
            name = f"hsi/hstech/{trade_date}.json"
            if (payload := self._snapshot(HSTECH_SNAPSHOT_URL, name, trade_date)) is not None:
                row = hang_seng.hstech_from_snapshot(payload, trade_date)
                self.downloads.keep(name, payload)  # kept only once it is the day's close
                return f"downloads/{name}", row
            name, row = self._from_history(hang_seng.HSTECH_CODE, "HSTECH", "hsi/hstech-history", trade_date)
        except hang_seng.HangSengFormatError as error:
            raise failure(trade_date, "indexes", HSTECH_SNAPSHOT_URL, str(error)) from None
        return name, row

    def industry_levels(self, trade_date: date) -> tuple[str, pl.DataFrame]:
        """The twelve industry indexes of the day: their snapshot kept for it, or taken now on the
        day itself, else each one's history."""
        codes = industry_index_codes()
        try:
            name = f"hsi/industry-performance/{trade_date}.json"
            if (payload := self._snapshot(INDUSTRY_SNAPSHOT_URL, name, trade_date)) is not None:
                levels = hang_seng.industry_indexes_from_snapshot(payload, trade_date, codes)
                self.downloads.keep(name, payload)  # kept only once it is the day's close
                return f"downloads/{name}", levels
            rows = [
                self._from_history(publisher, ours, f"hsi/industry-history/{publisher}", trade_date)
                for publisher, ours in codes.items()
            ]
        except hang_seng.HangSengFormatError as error:
            raise failure(trade_date, "indexes", INDUSTRY_SNAPSHOT_URL, str(error)) from None
        return "downloads/hsi/industry-history", pl.DataFrame([row for _, row in rows])

    def classification(self, trade_date: date) -> tuple[tuple[str, str], ...]:
        """(code, industry) of the classification that serves the day."""
        name = self._dated_name("hsi/industry", trade_date, Vintage.LIST)
        self._fetched(INDUSTRY_URL, None, name)
        path = self.downloads.folder / name
        try:
            return _read_industries(path, path.stat().st_mtime)
        except hang_seng.HangSengFormatError as error:
            raise failure(trade_date, "securities", INDUSTRY_URL, str(error)) from None

    def hsi_constituents(self, trade_date: date) -> tuple[str, pl.DataFrame] | None:
        """The Hang Seng Index's constituents as listed in the week up to the day; None when no list
        of that week is kept and the day is more than a week ago: today's list would name the
        constituents of a later day (a report says nothing not yet known on its day)."""
        name = self._dated_name("hsi/hsi-constituents", trade_date, Vintage.LIST)
        if self.today() - trade_date >= REFERENCE_MAX_AGE and self.downloads.kept(name) is None:
            return None
        payload = self._fetched(HSI_CONSTITUENTS_URL, None, name)
        try:
            return f"downloads/{name}", hang_seng.hsi_constituents(payload)
        except hang_seng.HangSengFormatError as error:
            raise failure(trade_date, "index_constituents", HSI_CONSTITUENTS_URL, str(error)) from None

    def _snapshot(self, url: str, name: str, trade_date: date) -> bytes | None:
        """The snapshot kept for the day, or taken now when the day is today (the caller keeps it
        once it parses as the day's close); None for a past day without one."""
        kept = self.downloads.kept(name)
        if kept is not None or trade_date != self.today():
            return kept
        return self._fetched(url, None, None)

    def _from_history(self, publisher_code: str, index_code: str, stem: str, trade_date: date) -> tuple[str, dict]:
        name = self._dated_name(stem, trade_date, Vintage.HISTORY)
        history = self._fetched(HISTORY_URL, history_params(publisher_code), name)
        row = hang_seng.close_from_history(history, publisher_code, index_code, trade_date)
        if row is None:
            raise failure(
                trade_date, "indexes", HISTORY_URL, f"the published {index_code} history has no close of {trade_date}"
            )
        return f"downloads/{name}", row

    def _dated_name(self, stem: str, trade_date: date, vintage: Vintage) -> str:
        return dated_name(self.downloads.folder, stem, trade_date, vintage, self.today())

    def _fetched(self, url: str, params: dict | None, name: str | None) -> bytes:
        """The payload kept as `name` or fetched now (and kept as `name`; not kept without one)."""
        payload = self.downloads.get(url, name, params) if name else self.downloads.fetch(url, params)
        if payload is None:
            raise SourceUnavailable(
                f"{url} answered 404 (not found): the publisher moved or withdrew it; a landing file of "
                "the kind overrides it for the day (docs/data-contract.md)"
            )
        return payload


# Each kept file is read once per version of it, not once per day of a backfill.
@cache
def _read_industries(path: Path, modified: float) -> tuple[tuple[str, str], ...]:
    return tuple(hang_seng.industry_classification(path.read_bytes()).iter_rows())
