"""The rest of an exchange day that follows from its quotes: the exchange's totals, short selling
and southbound Stock Connect trading, in the shapes HKEX publishes them.

The bundled sample and the simulator have quotes but no such publications, so they derive them
here with the proportions of the Hong Kong market in 2024-25: short selling of 10-25% of a
designated security's turnover (HKEX's market ratio has stayed near 15%); southbound buying plus
selling of about 35% of the eligible stocks' turnover, split 60/40 between the Shanghai and the
Shenzhen channels, with a net that leans to buying. Draws come from the caller's generator, so a
day gives the same figures whichever range it is built in. None of it is market data.
"""

import numpy as np
import polars as pl

# HKEX designates the larger, more liquid securities for short selling; here the most traded.
SHORT_SELLING_DESIGNATED = 600
SOUTHBOUND_ELIGIBLE = 300
SOUTHBOUND_SHARE_OF_TURNOVER = 0.35
CHANNEL_SHARES = {"Shanghai": 0.6, "Shenzhen": 0.4}
TOP_STOCKS_PER_CHANNEL = 10


def derived_kinds(
    quotes: pl.DataFrame, hkd_per_unit: dict[str, float], rng: np.random.Generator
) -> dict[str, pl.DataFrame]:
    """The day's exchange_totals, short_selling, capital_flows and southbound_stocks. Draws are
    taken in one order (southbound, then short selling), so a day's figures never change."""
    rate = pl.col("currency").replace_strict({"HKD": 1.0, **hkd_per_unit}, default=None, return_dtype=pl.Float64)
    in_hkd = quotes.with_columns(turnover_hkd=pl.col("turnover") * rate)
    most_traded = in_hkd.filter(pl.col("turnover") > 0).sort(["turnover_hkd", "code"], descending=[True, False])
    capital_flows, southbound_stocks = _southbound(most_traded.head(SOUTHBOUND_ELIGIBLE), rng)
    return {
        "exchange_totals": _exchange_totals(in_hkd),
        "short_selling": _short_selling(most_traded.head(SHORT_SELLING_DESIGNATED), rng),
        "capital_flows": capital_flows,
        "southbound_stocks": southbound_stocks,
    }


def _exchange_totals(in_hkd: pl.DataFrame) -> pl.DataFrame:
    """Turnover and advances, declines and unchanged over every security quoted (the exchange's
    universe is wider than hkclose's breadth universe); unchanged counts only what traded."""
    moved = in_hkd.filter(pl.col("close").is_not_null() & pl.col("prev_close").is_not_null())
    return pl.DataFrame(
        {
            "total_turnover_hkd": [round(in_hkd["turnover_hkd"].sum(), 0)],
            "advanced": [moved.filter(pl.col("close") > pl.col("prev_close")).height],
            "declined": [moved.filter(pl.col("close") < pl.col("prev_close")).height],
            "unchanged": [moved.filter((pl.col("close") == pl.col("prev_close")) & (pl.col("turnover") > 0)).height],
        }
    )


def _short_selling(designated: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    """Short shares and turnover (trading currency) of the designated securities that traded."""
    designated = designated.sort("code")
    ratio = rng.beta(5.0, 28.0, designated.height)
    return designated.select(
        "code",
        short_volume=(pl.col("volume") * ratio).round(0).cast(pl.Int64),
        short_turnover=(pl.col("turnover") * ratio).round(0),
    )


def _southbound(most_traded: pl.DataFrame, rng: np.random.Generator) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(capital_flows, southbound_stocks): each channel's buy and sell turnover in HKD, and its
    most traded stocks with their buy and sell turnover."""
    eligible = most_traded.filter(pl.col("currency") == "HKD")
    market_lean = rng.normal(0.04, 0.08)
    flows, stocks = [], []
    for channel, share in CHANNEL_SHARES.items():
        traded = eligible["turnover_hkd"].sum() * SOUTHBOUND_SHARE_OF_TURNOVER * share
        net = traded * float(np.clip(market_lean + rng.normal(0, 0.03), -0.3, 0.3))
        flows.append(
            {
                "channel": channel,
                "buy_turnover_hkd": round((traded + net) / 2, 0),
                "sell_turnover_hkd": round((traded - net) / 2, 0),
            }
        )
        top = eligible.head(TOP_STOCKS_PER_CHANNEL)
        lean = np.clip(market_lean + rng.normal(0, 0.2, top.height), -0.9, 0.9)
        traded_each = top["turnover_hkd"].to_numpy() * SOUTHBOUND_SHARE_OF_TURNOVER * share
        stocks.append(
            pl.DataFrame(
                {
                    "channel": channel,
                    "code": top["code"],
                    "rank": np.arange(1, top.height + 1),
                    "buy_turnover_hkd": np.round(traded_each * (1 + lean) / 2, 0),
                    "sell_turnover_hkd": np.round(traded_each * (1 - lean) / 2, 0),
                }
            )
        )
    return pl.DataFrame(flows), pl.concat(stocks)
