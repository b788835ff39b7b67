"""Parse HKEX's daily Stock Connect statistics (`data_tab_daily_YYYYMMDDe.js`): southbound trading.

The file assigns a JSON array to `tabData`, one block per market ("SSE Northbound",
"SSE Southbound", "SZSE Northbound", "SZSE Southbound"), each with its date, a `tradingDay` flag
and two tables: `tradingTable`, one row per label of its `schema` (turnover in HKD millions for
southbound), and `top10Table`, one row per stock (rank, code, name, buy, sell and total turnover,
in HKD). Southbound via Shanghai is the Shanghai channel, via Shenzhen the Shenzhen channel.
"""

import json
import re
from datetime import date

import polars as pl

SOUTHBOUND = {"SSE Southbound": "Shanghai", "SZSE Southbound": "Shenzhen"}
SUMMARY = ("Buy Turnover", "Sell Turnover")
TOP10 = ["Rank", "Stock Code", "Stock Name", "Buy Turnover", "Sell Turnover", "Total Turnover"]
MILLION = 1_000_000
ASSIGNMENT = re.compile(r"^\ufeff?\s*tabData\s*=\s*", re.IGNORECASE)


class StockConnectFormatError(ValueError):
    """The file is not laid out as HKEX's daily Stock Connect statistics."""


def _amount(text: str) -> float:
    text = text.strip()
    return 0.0 if text in ("-", "N/A", "") else float(text.replace(",", ""))


def _table(block: dict, classname: str) -> dict | None:
    for item in block.get("content", []):
        table = item.get("table", {})
        if table.get("classname") == classname:
            return table
    return None


def parse_southbound(payload: bytes, trade_date: date) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(capital_flows, southbound_stocks) of the day, both in HKD."""
    text = ASSIGNMENT.sub("", payload.decode("utf-8-sig").strip()).rstrip(";").strip()
    try:
        blocks = json.loads(text)
    except json.JSONDecodeError as error:
        raise StockConnectFormatError(f"not a tabData array: {error}") from None
    if not isinstance(blocks, list) or not blocks:
        raise StockConnectFormatError("tabData holds no market")
    southbound = {SOUTHBOUND[b.get("market")]: b for b in blocks if b.get("market") in SOUTHBOUND}
    if set(southbound) != set(SOUTHBOUND.values()):
        raise StockConnectFormatError("no SSE Southbound and SZSE Southbound blocks")
    flows, stocks = [], []
    for channel, block in southbound.items():
        if block.get("date") != trade_date.isoformat():
            raise StockConnectFormatError(f"the {block['market']} block is dated {block.get('date')}, not {trade_date}")
        summary = _table(block, "tradingTable")
        if summary is None:
            raise StockConnectFormatError(f"the {block['market']} block has no tradingTable")
        labels = summary["schema"][0]
        missing = [label for label in SUMMARY if label not in labels]
        if missing:
            raise StockConnectFormatError(f"the {block['market']} tradingTable has no {', '.join(missing)} column")
        values = {label: _amount(summary["tr"][i]["td"][0][0]) for i, label in enumerate(labels)}
        flows.append(
            {
                "source_row": None,
                "channel": channel,
                "buy_turnover_hkd": values["Buy Turnover"] * MILLION,
                "sell_turnover_hkd": values["Sell Turnover"] * MILLION,
            }
        )
        top = _table(block, "top10Table")
        if top is None:
            continue  # no trading through the channel that day (a mainland holiday)
        if top["schema"][0] != TOP10:
            raise StockConnectFormatError(
                f"the {block['market']} top10Table's columns are {top['schema'][0]}, not {TOP10}"
            )
        for row in top["tr"]:
            rank, code, _name, buy, sell, _total = row["td"][0]
            stocks.append(
                {
                    "source_row": None,
                    "channel": channel,
                    "code": code.strip().lstrip("0"),
                    "rank": int(rank),
                    "buy_turnover_hkd": _amount(buy),
                    "sell_turnover_hkd": _amount(sell),
                }
            )
    schema = {"source_row": pl.Int64, "channel": pl.String}
    top_schema = {
        **schema,
        "code": pl.String,
        "rank": pl.Int64,
        "buy_turnover_hkd": pl.Float64,
        "sell_turnover_hkd": pl.Float64,
    }
    return (
        pl.DataFrame(flows, schema={**schema, "buy_turnover_hkd": pl.Float64, "sell_turnover_hkd": pl.Float64}),
        pl.DataFrame(stocks, schema=top_schema),
    )
