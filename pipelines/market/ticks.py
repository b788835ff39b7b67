"""HKEX price ticks (the spread table, Part A): prices only ever sit on this grid.

HKEX narrowed the ticks of the HK$10-50 bands on 4 Aug 2025 (phase 1 of its minimum-spread
reduction), so the grid depends on the trading date.
"""

from datetime import date

import numpy as np

# (upper bound of the price band, tick size inside it); a band starts at the previous upper bound.
SPREAD_TABLE_PART_A: tuple[tuple[float, float], ...] = (
    (0.25, 0.001),
    (0.50, 0.005),
    (10.00, 0.01),
    (20.00, 0.02),
    (100.00, 0.05),
    (200.00, 0.10),
    (500.00, 0.20),
    (1_000.00, 0.50),
    (2_000.00, 1.00),
    (5_000.00, 2.00),
    (9_995.00, 5.00),
)
SPREAD_TABLE_PART_A_2025: tuple[tuple[float, float], ...] = (
    (0.25, 0.001),
    (0.50, 0.005),
    (10.00, 0.01),
    (20.00, 0.01),
    (50.00, 0.02),
    (100.00, 0.05),
    (200.00, 0.10),
    (500.00, 0.20),
    (1_000.00, 0.50),
    (2_000.00, 1.00),
    (5_000.00, 2.00),
    (9_995.00, 5.00),
)
NARROWER_TICKS_FROM = date(2025, 8, 4)
MIN_PRICE = 0.01
MAX_PRICE = 9_995.00


class SpreadTable:
    """Tick arithmetic on one version of the spread table."""

    def __init__(self, bands: tuple[tuple[float, float], ...]) -> None:
        self._upper = np.array([upper for upper, _ in bands])
        self._tick = np.array([tick for _, tick in bands])

    def _tick_of_band(self, price: np.ndarray, side: str) -> np.ndarray:
        band = np.searchsorted(self._upper, np.clip(price, MIN_PRICE, MAX_PRICE), side=side)
        return self._tick[np.minimum(band, len(self._tick) - 1)]

    def tick_below(self, price: np.ndarray | float) -> np.ndarray:
        """Tick of the band just below the price (a band's upper bound belongs to it)."""
        return self._tick_of_band(np.asarray(price, dtype=float), "left")

    def tick_above(self, price: np.ndarray | float) -> np.ndarray:
        """Tick of the band just above the price (the next higher price on the grid)."""
        return self._tick_of_band(np.asarray(price, dtype=float), "right")

    def round(self, price: np.ndarray | float) -> np.ndarray:
        """Nearest price on the grid, within the exchange's price limits."""
        clipped = np.clip(np.asarray(price, dtype=float), MIN_PRICE, MAX_PRICE)
        tick = self.tick_below(clipped)
        return np.round(np.round(clipped / tick) * tick, 3)

    def step(self, price: np.ndarray | float, ticks: np.ndarray | int) -> np.ndarray:
        """Move prices by whole ticks (negative: down); a non-zero step always moves the price."""
        price = np.asarray(price, dtype=float)
        ticks = np.asarray(ticks)
        tick = np.where(ticks > 0, self.tick_above(price), self.tick_below(price))
        moved = self.round(price + ticks * tick)
        one_tick = np.round(price + np.sign(ticks) * tick, 3)
        return np.where((ticks != 0) & (moved == price), np.clip(one_tick, MIN_PRICE, MAX_PRICE), moved)


_BEFORE_AUG_2025 = SpreadTable(SPREAD_TABLE_PART_A)
_FROM_AUG_2025 = SpreadTable(SPREAD_TABLE_PART_A_2025)


def spread_table(on: date) -> SpreadTable:
    """The spread table in force on a trading date."""
    return _FROM_AUG_2025 if on >= NARROWER_TICKS_FROM else _BEFORE_AUG_2025
