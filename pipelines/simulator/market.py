"""The simulated market, one trading day at a time from a fixed origin.

Each day's shocks come from a random generator seeded by the date alone, and each day starts from
the previous trading day's closes, so a date gives the same data whichever range it is generated
in. Returns follow a factor model (market, sector, stock) with fat tails; prices sit on HKEX's
tick grid; turnover is heavy-tailed and concentrated in the largest names.
"""

from dataclasses import dataclass
from datetime import date

import numpy as np

from pipelines.market.calendar import hkex_calendar
from pipelines.market.ticks import spread_table
from pipelines.simulator.fx import hkd_per_unit
from pipelines.simulator.universe import ORIGIN, SEED, Universe

# Index closes on 31 Dec 2014, the day before the origin (see pipelines/reference/README.md).
INDEX_BASE = {"HSI": 23_605.04, "HSCEI": 11_984.69, "HSTECH": 3_000.00}
MARKET_VOLATILITY = 0.011
MARKET_MOVE_LIMIT = 0.10
SECTOR_VOLATILITY = 0.006
SUSPENSION_START_PROBABILITY = 0.0004
SUSPENSION_MEAN_DAYS = 12
DAILY_TURNOVER_RATE = 0.002


@dataclass(frozen=True)
class SimulatedDay:
    day: date
    active: np.ndarray  # listed and not delisted
    suspended: np.ndarray
    prev_close: np.ndarray
    close: np.ndarray
    open: np.ndarray
    high: np.ndarray
    low: np.ndarray
    volume: np.ndarray
    turnover: np.ndarray  # in each security's trading currency
    indexes: dict[str, tuple[float, float, float, float, float]]  # code -> prev, open, high, low, close


def _fat_tailed(rng: np.random.Generator, dof: float, size: int | tuple[int, ...]) -> np.ndarray:
    """Student-t draws scaled to unit variance."""
    return rng.standard_t(dof, size) / np.sqrt(dof / (dof - 2))


class MarketSimulator:
    def __init__(self, universe: Universe) -> None:
        self.universe = universe
        securities = universe.securities
        self._listed_on = securities["listed_on"].to_physical().fill_null(-1).to_numpy()
        self._delisted_on = securities["delisted_on"].to_physical().fill_null(10**9).to_numpy()
        self._is_cny = securities["currency"].to_numpy() == "CNY"
        self._no_trade_probability = np.clip(0.55 - 0.15 * np.log10(universe.size_hkd / 1e8), 0.0, 0.7)
        self._reset()

    def _reset(self) -> None:
        self.last_day: date | None = None
        self._last_close = spread_table(ORIGIN).round(self.universe.first_price)
        self._suspended_until = np.full(self.universe.size, -1)
        self._index_levels = dict(INDEX_BASE)

    def day(self, day: date) -> SimulatedDay:
        """The market on a trading day (stepping from the origin, or from the last day asked for)."""
        if day < ORIGIN:
            raise ValueError(f"the simulation starts on {ORIGIN}; {day} is before it")
        calendar = hkex_calendar()
        if not calendar.is_trading_day(day):
            raise ValueError(f"{day} is not an HKEX trading day")
        if self.last_day is not None and day < self.last_day:
            self._reset()
        start = (
            ORIGIN
            if self.last_day is None
            else calendar.previous_trading_day(day)
            if day == self.last_day
            else self.last_day
        )
        steps = [d for d in calendar.trading_days(start, day) if self.last_day is None or d > self.last_day]
        if day == self.last_day:
            return self._last_result
        for step_day in steps:
            self._last_result = self._step(step_day)
            self.last_day = step_day
        return self._last_result

    def _step(self, day: date) -> SimulatedDay:
        u, n = self.universe, self.universe.size
        rng = np.random.default_rng([SEED, day.toordinal()])
        today = (day - date(1970, 1, 1)).days
        active = (self._listed_on <= today) & (self._delisted_on > today)
        listing_today = self._listed_on == today

        starts = active & (self._suspended_until < today) & (rng.random(n) < SUSPENSION_START_PROBABILITY)
        self._suspended_until[starts] = today + rng.geometric(1 / SUSPENSION_MEAN_DAYS, n)[starts]
        suspended = active & (self._suspended_until >= today) & ~listing_today

        # Fat-tailed, but within the largest daily moves the Hang Seng Index has made (about 13%).
        market = float(np.clip(MARKET_VOLATILITY * _fat_tailed(rng, 4, 1)[0], -MARKET_MOVE_LIMIT, MARKET_MOVE_LIMIT))
        sector = SECTOR_VOLATILITY * _fat_tailed(rng, 4, len(u.sectors))
        stock = u.volatility * _fat_tailed(rng, 3, n)
        returns = np.clip(u.beta * market + sector[u.sector_index] + stock, -0.6, 1.5)
        traded = active & ~suspended & (listing_today | (rng.random(n) >= self._no_trade_probability))

        table = spread_table(day)
        prev = self._last_close
        close = np.where(traded, table.round(prev * np.exp(returns)), prev)
        open_ = table.round(prev * np.exp(returns * rng.uniform(0, 0.6, n)))
        swing = np.abs(rng.normal(0, 0.5, n)) * u.volatility
        high = np.maximum(table.round(np.maximum(open_, close) * (1 + swing)), np.maximum(open_, close))
        low = np.minimum(table.round(np.minimum(open_, close) * (1 - swing)), np.minimum(open_, close))

        turnover_hkd = u.size_hkd * DAILY_TURNOVER_RATE * np.exp(rng.normal(-0.5, 0.9, n)) * (1 + 15 * np.abs(returns))
        turnover = np.where(self._is_cny, turnover_hkd / hkd_per_unit("CNY", day), turnover_hkd)
        volume = np.maximum(100, np.round(turnover / ((prev + close) / 2), -2))
        turnover = np.where(traded, np.round(volume * (prev + close) / 2), 0.0)
        volume = np.where(traded, volume, 0)

        indexes = self._index_day(rng, prev, close, active & ~suspended)
        self._last_close = np.where(active & ~suspended, close, prev)
        return SimulatedDay(
            day, active, suspended, prev, close, open_, high, low, volume.astype(np.int64), turnover, indexes
        )

    def _index_day(self, rng: np.random.Generator, prev: np.ndarray, close: np.ndarray, trading: np.ndarray) -> dict:
        """Each index moves by the size-weighted return of its constituents trading that day."""
        levels = {}
        for code, members in self.universe.index_members.items():
            members = members[trading[members]]
            weights = self.universe.size_hkd[members]
            move = (
                float(np.sum(weights * (close[members] / prev[members] - 1)) / np.sum(weights)) if len(members) else 0.0
            )
            before = self._index_levels[code]
            after = round(before * (1 + move), 2)
            open_ = round(before * (1 + move * rng.uniform(0, 0.5)), 2)
            swing = abs(rng.normal(0, 0.004))
            levels[code] = (
                before,
                open_,
                round(max(open_, after) * (1 + swing), 2),
                round(min(open_, after) * (1 - swing), 2),
                after,
            )
            self._index_levels[code] = after
        return levels
