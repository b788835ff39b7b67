"""`HKCLOSE_SOURCE=simulated`: the deterministic market simulator as a source."""

from datetime import date
from functools import cache

import numpy as np
import polars as pl

from pipelines.config import Settings
from pipelines.contract.delivery import MACRO_LOOKBACK, Delivery
from pipelines.simulator.fx import hkd_per_unit
from pipelines.simulator.macro import releases_known_on
from pipelines.simulator.market import MarketSimulator
from pipelines.simulator.universe import build_universe, with_structured_products
from pipelines.synthetic import exchange_activity as activity

ACTIVITY_SEED = 20150102


class SimulatedSource:
    name = "simulated"
    published_by = None  # any day, at once
    replayable = False

    def __init__(self, structured_products: int = 0) -> None:
        self.market = MarketSimulator(with_structured_products(build_universe(), structured_products))
        universe = self.market.universe
        self._securities = universe.securities
        # A fixed number of shares per security, so its market value moves with its price (the
        # weight of a sector's move); an RMB counter's shares are its HKD counter's.
        is_rmb_counter = (self._securities["currency"] == "CNY").to_numpy()
        self._issued_shares = np.where(is_rmb_counter, np.nan, np.round(universe.size_hkd / universe.first_price, -3))

    def _constituents(self, active: np.ndarray) -> pl.DataFrame:
        """The members of the simulator's own indexes listed on the day."""
        codes = self._securities["code"]
        rows = [
            (index_code, codes[int(i)])
            for index_code, members in self.market.universe.index_members.items()
            for i in members
            if active[i]
        ]
        return pl.DataFrame(rows, schema={"index_code": pl.String, "code": pl.String}, orient="row")

    @classmethod
    def from_settings(cls, settings: Settings) -> "SimulatedSource":
        return simulated_source()

    def waiting_for(self, trade_date: date) -> list[str]:
        return []  # the simulator has every day at once

    def read_day(self, trade_date: date) -> dict[str, Delivery]:
        day = self.market.day(trade_date)
        label = f"simulated/{trade_date}"
        active = pl.Series(day.active)
        securities = self._securities.filter(active)
        suspended = day.suspended[day.active]
        quotes = pl.DataFrame(
            {
                "code": securities["code"],
                "close": pl.Series(day.close[day.active]).set(pl.Series(suspended), None),
                "prev_close": day.prev_close[day.active],
                "volume": day.volume[day.active],
                "turnover": day.turnover[day.active],
                "currency": securities["currency"],
                "open": pl.Series(day.open[day.active]).set(pl.Series(suspended), None),
                "high": pl.Series(day.high[day.active]).set(pl.Series(suspended), None),
                "low": pl.Series(day.low[day.active]).set(pl.Series(suspended), None),
                "status": pl.Series(suspended).replace_strict({True: "SUSPENDED", False: "TRADING"}),
            }
        )
        indexes = pl.DataFrame(
            [
                {"index_code": code, "prev_close": prev, "open": open_, "high": high, "low": low, "close": close}
                for code, (prev, open_, high, low, close) in day.indexes.items()
            ]
        )
        rates = {currency: hkd_per_unit(currency, trade_date) for currency in ("CNY", "USD")}
        fx = pl.DataFrame({"currency": list(rates), "hkd_per_unit": list(rates.values())})
        # Seeded by the date (and apart from the market's own draws), like every simulated figure.
        rng = np.random.default_rng([ACTIVITY_SEED, trade_date.toordinal()])
        frames = {
            "securities": securities.select(
                "code",
                "name",
                "category",
                "board",
                "sector",
                "industry",
                "name_zh",
                "listed_on",
                "short_name",
            ).with_columns(issued_shares=pl.Series(self._issued_shares[day.active]).fill_nan(None)),
            "quotes": quotes,
            "indexes": indexes,
            "macro": releases_known_on(trade_date, MACRO_LOOKBACK),
            "fx": fx,
            **activity.derived_kinds(quotes, rates, rng),
            "index_constituents": self._constituents(day.active),
        }
        return {kind: Delivery(f"{label}/{kind}", numbered(frame)) for kind, frame in frames.items()}


def numbered(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with `source_row` first: 1, 2, 3 ... as a file's rows would be numbered."""
    rows = pl.Series("source_row", np.arange(1, frame.height + 1, dtype=np.int64))
    return pl.DataFrame([rows, *frame.get_columns()])


@cache
def simulated_source() -> SimulatedSource:
    """One simulator per process: consecutive runs (a daemon, a test) step on from the last day
    instead of from 2015; the data of a date is the same either way."""
    return SimulatedSource()
