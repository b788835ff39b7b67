"""Simulated monthly macro releases on realistic release dates.

Each indicator follows an AR(1) process around its mean, one shock per period seeded by the
period, so a release has the same value whatever day asks for it. Release dates follow each
publisher's usual calendar (pipelines/market/releases.py).
"""

from datetime import date, timedelta
from functools import cache

import numpy as np
import polars as pl

from pipelines.market.calendar import CALENDAR_END
from pipelines.market.releases import release_date
from pipelines.simulator.universe import SEED

FIRST_PERIOD = (2013, 1)
# Through the trading calendar's last year; each period's shock is seeded by the period, so adding
# years leaves the earlier ones as they were.
LAST_PERIOD = (CALENDAR_END.year, 12)

# indicator: (mean, persistence, shock, unit, decimals, publisher)
INDICATORS = {
    "unemployment_rate": (3.6, 0.93, 0.15, "%", 1, "C&SD"),
    "pmi": (50.0, 0.7, 1.0, "index", 1, "S&P Global"),
    "m3_yoy": (5.0, 0.85, 1.2, "%", 1, "HKMA"),
    "retail_sales_yoy": (1.0, 0.75, 5.0, "%", 1, "C&SD"),
    "exports_yoy": (3.0, 0.7, 6.0, "%", 1, "C&SD"),
    "trade_balance": (-35.0, 0.6, 8.0, "HKD billion", 1, "C&SD"),
}


@cache
def all_releases() -> pl.DataFrame:
    rows = []
    periods = [(y, m) for y in range(FIRST_PERIOD[0], LAST_PERIOD[0] + 1) for m in range(1, 13)]
    for position, indicator in enumerate(INDICATORS):
        mean, persistence, shock, unit, decimals, publisher = INDICATORS[indicator]
        value = mean
        for year, month in periods:
            rng = np.random.default_rng([SEED, position, year, month])
            value = mean + persistence * (value - mean) + shock * rng.normal() * np.sqrt(1 - persistence**2)
            rows.append(
                (
                    indicator,
                    f"{year}-{month:02d}",
                    round(float(value), decimals),
                    unit,
                    release_date(indicator, year, month),
                    publisher,
                )
            )
    return pl.DataFrame(rows, schema=["indicator", "period", "value", "unit", "released_on", "source"], orient="row")


def releases_known_on(day: date, lookback: timedelta) -> pl.DataFrame:
    """Releases published on or before the day, within the lookback."""
    return all_releases().filter(pl.col("released_on").is_between(day - lookback, day))
