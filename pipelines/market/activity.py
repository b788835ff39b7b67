"""The rest of an exchange day that follows from its quotes: the exchange's totals, short selling
and southbound Stock Connect trading, in the shapes HKEX publishes them.

The bundled sample and the simulator have quotes but no such publications, so they derive them
here with the proportions of the Hong Kong market in 2024-25: short selling of 10-25% of a
designated security's turnover (HKEX's market ratio has stayed near 15%); southbound buying plus
selling of about 35% of the eligible stocks' turnover, split 60/40 between the Shanghai and the
Shenzhen channels, with a net that leans to buying. Draws come from the caller's generator, so a
day gives the same figures whichever range it is built in. None of it is market data.
"""

from dataclasses import dataclass

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
    taken in one order (southbound, then short selling), so a day's figures never change.

    Worked out on the quotes' columns as NumPy arrays: Polars runs each expression as a query of
    its own (about 50 µs), and a day took about 40 of them. Sums stay Polars' own, so every figure
    is the same to the last bit.
    """
    rate = quotes["currency"].replace_strict({"HKD": 1.0, **hkd_per_unit}, default=None, return_dtype=pl.Float64)
    turnover_hkd = quotes["turnover"] * rate  # missing where a currency has no rate
    day = Quotes(
        quotes["code"].to_numpy().astype(str),
        quotes["currency"].to_numpy(),
        quotes["close"].to_numpy(),
        quotes["prev_close"].to_numpy(),
        quotes["volume"],
        quotes["turnover"],
        turnover_hkd.to_numpy(),
    )
    most_traded = _most_traded_first(day)
    capital_flows, southbound_stocks = _southbound(day, most_traded[:SOUTHBOUND_ELIGIBLE], rng)
    return {
        "exchange_totals": _exchange_totals(day, turnover_hkd.sum()),
        "short_selling": _short_selling(day, most_traded[:SHORT_SELLING_DESIGNATED], rng),
        "capital_flows": capital_flows,
        "southbound_stocks": southbound_stocks,
    }


@dataclass(frozen=True)
class Quotes:
    """A day's quotes, column by column: NumPy arrays (a missing figure is NaN) where the work is
    selecting and comparing, Polars series where it is arithmetic that must keep missing values."""

    code: np.ndarray  # as fixed-width text, which NumPy sorts as Polars does (by code point)
    currency: np.ndarray
    close: np.ndarray
    prev_close: np.ndarray
    volume: pl.Series
    turnover: pl.Series
    turnover_hkd: np.ndarray


def _most_traded_first(day: Quotes) -> np.ndarray:
    """Positions of the quotes that traded, by turnover in HKD, largest first (one without a rate
    first of all, as Polars sorts a missing value), then by code."""
    traded = np.flatnonzero(day.turnover.to_numpy() > 0)
    turnover_hkd = day.turnover_hkd[traded]
    unrated = np.isnan(turnover_hkd)
    return traded[np.lexsort((day.code[traded], -np.nan_to_num(turnover_hkd), ~unrated))]


def _exchange_totals(day: Quotes, total_turnover_hkd: float) -> pl.DataFrame:
    """Turnover and advances, declines and unchanged over every security quoted (the exchange's
    universe is wider than hkclose's breadth universe); unchanged counts only what traded."""
    close, prev_close = day.close, day.prev_close
    moved = ~np.isnan(close) & ~np.isnan(prev_close)  # NaN compares false either way
    return pl.DataFrame(
        {
            "total_turnover_hkd": [round(total_turnover_hkd, 0)],
            "advanced": [int(np.sum(moved & (close > prev_close)))],
            "declined": [int(np.sum(moved & (close < prev_close)))],
            "unchanged": [int(np.sum(moved & (close == prev_close) & (day.turnover.to_numpy() > 0)))],
        }
    )


def _short_selling(day: Quotes, designated: np.ndarray, rng: np.random.Generator) -> pl.DataFrame:
    """Short shares and turnover (trading currency) of the designated securities that traded."""
    by_code = designated[np.argsort(day.code[designated], kind="stable")]
    ratio = pl.Series(rng.beta(5.0, 28.0, len(by_code)))
    return pl.DataFrame(
        {
            "code": pl.Series(day.code[by_code], dtype=pl.String),
            "short_volume": (day.volume.gather(by_code) * ratio).round(0).cast(pl.Int64),
            "short_turnover": (day.turnover.gather(by_code) * ratio).round(0),
        }
    )


def _southbound(day: Quotes, most_traded: np.ndarray, rng: np.random.Generator) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(capital_flows, southbound_stocks): each channel's buy and sell turnover in HKD, and its
    most traded stocks with their buy and sell turnover."""
    eligible = most_traded[day.currency[most_traded] == "HKD"]
    eligible_turnover = day.turnover_hkd[eligible]
    eligible_total = pl.Series(eligible_turnover).sum()
    top = eligible[:TOP_STOCKS_PER_CHANNEL]
    market_lean = rng.normal(0.04, 0.08)
    flows: dict[str, list] = {"channel": [], "buy_turnover_hkd": [], "sell_turnover_hkd": []}
    buys, sells = [], []
    for channel, share in CHANNEL_SHARES.items():
        traded = eligible_total * SOUTHBOUND_SHARE_OF_TURNOVER * share
        net = traded * float(np.clip(market_lean + rng.normal(0, 0.03), -0.3, 0.3))
        flows["channel"].append(channel)
        flows["buy_turnover_hkd"].append(round((traded + net) / 2, 0))
        flows["sell_turnover_hkd"].append(round((traded - net) / 2, 0))
        lean = np.clip(market_lean + rng.normal(0, 0.2, len(top)), -0.9, 0.9)
        traded_each = eligible_turnover[: len(top)] * SOUTHBOUND_SHARE_OF_TURNOVER * share
        buys.append(np.round(traded_each * (1 + lean) / 2, 0))
        sells.append(np.round(traded_each * (1 - lean) / 2, 0))
    southbound_stocks = pl.DataFrame(
        {
            "channel": [channel for channel in CHANNEL_SHARES for _ in top],
            "code": pl.Series(day.code[np.tile(top, len(CHANNEL_SHARES))], dtype=pl.String),
            "rank": np.tile(np.arange(1, len(top) + 1), len(CHANNEL_SHARES)),
            "buy_turnover_hkd": np.concatenate(buys),
            "sell_turnover_hkd": np.concatenate(sells),
        }
    )
    return pl.DataFrame(flows), southbound_stocks
