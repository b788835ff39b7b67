"""Parse HKMA's daily exchange rates (open API `er-eeri-daily`): HKD per unit of each currency.

`{"header": {"success": true, ...}, "result": {"datasize": N, "records": [{"end_of_day":
"YYYY-MM-DD", "usd": 7.771, "cny": 1.09195, ...}]}}` (a genuine answer: tests/fixtures/hkma/). HKMA
publishes the series with the Monthly Statistical Bulletin, about a month late, so a day's run takes
the latest rate published before the day and carries its date (`rate_date`) into the marts and the
report. As published, some records are dated on a Saturday (HKMA fixes rates then too): such a rate
is the latest before the Monday after. The JSON carries binary noise (`7.8245000000000005` for
7.8245): rates are rounded to 8 decimals, more than any rate has.
"""

import json
from datetime import date

import polars as pl

CURRENCIES = ("CNY", "USD")


class HkmaFxFormatError(ValueError):
    """The payload is not laid out as HKMA's daily exchange rates."""


def latest_rates_before(payload: bytes, trade_date: date) -> pl.DataFrame:
    """currency, hkd_per_unit and rate_date: each currency's latest rate dated before the day."""
    try:
        document = json.loads(payload.decode("utf-8-sig"))
        records = document["result"]["records"]
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as error:
        raise HkmaFxFormatError(f"no result.records ({type(error).__name__}: {error})") from None
    if not document.get("header", {}).get("success", False):
        raise HkmaFxFormatError(f"HKMA answered an error: {document.get('header')}")
    rows = []
    for currency in CURRENCIES:
        dated = [
            (r["end_of_day"], r[currency.lower()])
            for r in records
            if r.get(currency.lower()) is not None and r.get("end_of_day", "") < trade_date.isoformat()
        ]
        if not dated:
            raise HkmaFxFormatError(f"no {currency} rate dated before {trade_date}")
        rate_date, rate = max(dated)
        rows.append(
            {"currency": currency, "hkd_per_unit": round(float(rate), 8), "rate_date": date.fromisoformat(rate_date)}
        )
    return pl.DataFrame(rows).with_columns(source_row=pl.lit(None, pl.Int64))
