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
- `index-series/industry/performance.do`: the twelve Hang Seng Composite Industry Indexes'
  snapshot, laid out as HSTECH's (`indexSeriesList[].indexList[]`, each with `indexCode`
  00011.01 to 00011.14, `indexValue`, `previousClose`, `todayHigh`, `todayLow`, `lastUpdate`);
  the `valueHistoryPub` history serves a backfill, one industry index per request.
- `index-series/hsi/constituents.do`: the Hang Seng Index's constituents, in `constituentContent`
  lists that some copies nest one level down, under `subIndexList` (Finance, Utilities,
  Properties, Commerce & Industry).
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
    return close_from_history(payload, HSTECH_CODE, "HSTECH", trade_date)


def _snapshot_indexes(payload: bytes) -> list[dict]:
    document = _json(payload)
    try:
        return [index for series in document["indexSeriesList"] for index in series.get("indexList") or []]
    except (KeyError, TypeError) as error:
        raise HangSengFormatError(f"no indexSeriesList[].indexList[] ({error})") from None


def industry_indexes_from_snapshot(payload: bytes, trade_date: date, codes: dict[str, str]) -> pl.DataFrame:
    """The industry indexes' rows of the day from performance.do: `codes` maps Hang Seng's code
    (00011.10) to hkclose's (HSCIIT). Raises when one is missing, or the snapshot is of another
    day or was taken before the close."""
    rows = []
    for index in _snapshot_indexes(payload):
        if index.get("indexCode") not in codes:
            continue
        try:
            updated = datetime.strptime(index["lastUpdate"], "%Y-%m-%d %H:%M:%S")
            close = _number(index["indexValue"])
        except (KeyError, TypeError, ValueError) as error:
            raise HangSengFormatError(
                f"index {index.get('indexCode')}: no indexValue and lastUpdate ({error})"
            ) from None
        if updated.date() != trade_date or updated.time() < CLOSED_AT:
            raise HangSengFormatError(
                f"index {index['indexCode']} was taken at {updated}, not after the close of {trade_date}"
            )
        rows.append(
            {
                "index_code": codes[index["indexCode"]],
                "close": close,
                "prev_close": _number(index.get("previousClose")),
                "high": _number(index.get("todayHigh")),
                "low": _number(index.get("todayLow")),
            }
        )
    missing = sorted(set(codes.values()) - {row["index_code"] for row in rows})
    if missing:
        raise HangSengFormatError(f"the snapshot lacks the industry indexes {', '.join(missing)}")
    return pl.DataFrame(rows)


def close_from_history(payload: bytes, publisher_code: str, index_code: str, trade_date: date) -> dict | None:
    """An index's close of the day (and the one before) from the published history; None when the
    day is not in it."""
    document = _json(payload)
    if document.get("code") != "0" or not document.get("data"):
        raise HangSengFormatError(f"the history answered code {document.get('code')!r} without data")
    series = next((s for s in document["data"] if s.get("indexCode") == publisher_code), None)
    if series is None:
        raise HangSengFormatError(f"the history holds no series {publisher_code} ({index_code})")
    closes = {row["date"]: _number(row["close"]) for row in series.get("valueHistory", [])}
    earlier = [day for day in closes if day < trade_date.isoformat()]
    if trade_date.isoformat() not in closes:
        return None
    return {
        "index_code": index_code,
        "close": closes[trade_date.isoformat()],
        "prev_close": closes[max(earlier)] if earlier else None,
        "high": None,
        "low": None,
    }


def hsi_constituents(payload: bytes) -> pl.DataFrame:
    """(index_code, code) of the Hang Seng Index's constituents, wherever constituents.do nests them."""

    def walk(entries: list[dict]) -> list[str]:
        codes = []
        for entry in entries:
            codes += [
                str(c["code"]).strip().lstrip("0")
                for c in entry.get("constituentContent") or []
                if c.get("isDummy", "N") == "N"
            ]
            codes += walk(entry.get("subIndexList") or [])
        return codes

    codes = list(dict.fromkeys(walk(_snapshot_indexes(payload))))
    if not codes:
        raise HangSengFormatError("the constituents list holds no constituent")
    return pl.DataFrame({"index_code": "HSI", "code": codes})


def industry_classification(payload: bytes) -> pl.DataFrame:
    """(code, industry) for every constituent of the twelve industry indexes."""
    rows = []
    for index in _snapshot_indexes(payload):
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
