"""Parse Hang Seng Indexes' published data: the Hang Seng TECH Index's close, and the Hang Seng
Industry Classification of the Hang Seng Composite Index's constituents.

- `index-series/hstech/performance.do` is the index's latest snapshot:
  `indexSeriesList[0].indexList[0]` with `indexValue` (the level), `previousClose`, `todayHigh`,
  `todayLow` and `lastUpdate` ("YYYY-MM-DD HH:MM:SS", Hong Kong time), all strings. After the
  close it holds the day's close; it serves only the day it is fetched on.
- the `valueHistoryPub` history (`{"code": "0", "data": [{"indexCode": "02083.00",
  "valueHistory": [{"date": "YYYY-MM-DD", "close": "..."}]}]}`) holds about five years of closes,
  without high or low: it serves a backfill.
- `index-series/industry/constituents.do`: one entry of `indexList` per industry index
  ("Hang Seng Composite Industry Index - Financials"), its stocks in `constituentContent` (`code`
  without leading zeros).
"""

import json
from datetime import date, datetime, time

import polars as pl

HSTECH_CODE = "02083.00"
INDUSTRY_PREFIX = "Hang Seng Composite Industry Index - "
INDUSTRIES = (
    "Energy",
    "Materials",
    "Industrials",
    "Consumer Discretionary",
    "Consumer Staples",
    "Healthcare",
    "Telecommunications",
    "Utilities",
    "Financials",
    "Properties & Construction",
    "Information Technology",
    "Conglomerates",
)
# The snapshot holds the day's close once the index has closed (16:08 at the latest).
CLOSED_AT = time(16, 8)


class HangSengFormatError(ValueError):
    """The payload is not laid out as Hang Seng Indexes publishes it."""


def _json(payload: bytes) -> dict:
    try:
        document = json.loads(payload.decode("utf-8-sig"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise HangSengFormatError(f"not JSON: {error}") from None
    if not isinstance(document, dict) or not document:
        raise HangSengFormatError("an empty JSON document")
    return document


def _number(text: object) -> float | None:
    if text in (None, "", "-", "N/A"):
        return None
    return float(str(text).replace(",", "").lstrip("+"))


def hstech_from_snapshot(payload: bytes, trade_date: date) -> dict:
    """The HSTECH row of the day from performance.do; raises when the snapshot is of another day
    or was taken before the close."""
    document = _json(payload)
    try:
        index = document["indexSeriesList"][0]["indexList"][0]
        updated = datetime.strptime(index["lastUpdate"], "%Y-%m-%d %H:%M:%S")
        close = _number(index["indexValue"])
    except (KeyError, IndexError, TypeError, ValueError) as error:
        raise HangSengFormatError(
            f"no indexSeriesList[0].indexList[0] with indexValue and lastUpdate ({error})"
        ) from None
    if index.get("indexCode") not in (None, HSTECH_CODE):
        raise HangSengFormatError(f"the snapshot is of index {index['indexCode']}, not HSTECH ({HSTECH_CODE})")
    if updated.date() != trade_date:
        raise HangSengFormatError(f"the snapshot is of {updated.date()}, not {trade_date}")
    if updated.time() < CLOSED_AT:
        raise HangSengFormatError(f"the snapshot was taken at {updated:%H:%M}, before the close")
    return {
        "index_code": "HSTECH",
        "close": close,
        "prev_close": _number(index.get("previousClose")),
        "high": _number(index.get("todayHigh")),
        "low": _number(index.get("todayLow")),
    }


def hstech_from_history(payload: bytes, trade_date: date) -> dict | None:
    """The HSTECH close of the day from the published history; None when the day is not in it."""
    document = _json(payload)
    if document.get("code") != "0" or not document.get("data"):
        raise HangSengFormatError(f"the history answered code {document.get('code')!r} without data")
    series = next((s for s in document["data"] if s.get("indexCode") == HSTECH_CODE), None)
    if series is None:
        raise HangSengFormatError(f"the history holds no series {HSTECH_CODE} (HSTECH)")
    closes = {row["date"]: _number(row["close"]) for row in series.get("valueHistory", [])}
    earlier = [day for day in closes if day < trade_date.isoformat()]
    if trade_date.isoformat() not in closes:
        return None
    return {
        "index_code": "HSTECH",
        "close": closes[trade_date.isoformat()],
        "prev_close": closes[max(earlier)] if earlier else None,
        "high": None,
        "low": None,
    }


def industry_classification(payload: bytes) -> pl.DataFrame:
    """(code, industry) for every constituent of the twelve industry indexes."""
    document = _json(payload)
    try:
        indexes = [index for series in document["indexSeriesList"] for index in series["indexList"]]
    except (KeyError, TypeError) as error:
        raise HangSengFormatError(f"no indexSeriesList[].indexList[] ({error})") from None
    rows = []
    for index in indexes:
        industry = str(index.get("indexName", "")).removeprefix(INDUSTRY_PREFIX).strip()
        if industry not in INDUSTRIES:
            raise HangSengFormatError(f"unknown industry index {index.get('indexName')!r}")
        rows += [
            (str(c["code"]).strip().lstrip("0"), industry)
            for c in index.get("constituentContent", [])
            if c.get("isDummy", "N") == "N"
        ]
    if not rows:
        raise HangSengFormatError("the classification lists no constituent")
    return pl.DataFrame(rows, schema={"code": pl.String, "industry": pl.String}, orient="row").unique(
        "code", keep="first"
    )
