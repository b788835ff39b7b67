"""Reconstructed prices for the sample week: on HKEX's tick grid, walked back from the seed day."""

from datetime import date

import numpy as np
import polars as pl

from pipelines.market.ticks import spread_table
from pipelines.sample.published import SEED_DAY, WEEK, seed_breadth

# Sectors the seed report features: no synthetic stock may out-trade their named leaders.
FEATURED_SECTORS = ("Retail", "Hardware, Storage & Peripherals", "Internet Content & Information")
FEATURED_SECTOR_TURNOVER_CAP = 100e6
SYNTHETIC_TURNOVER_CAP = 1.5e9
CALM_MOVES = 0.35
LARGE_COMPANY_PRICE = 25.0  # HKD, a median
LARGE_COMPANY_TURNOVER = 300e6  # HKD a day, a median


def solve_prev_close(close: float, change_pct: float, on: date, exact_close: bool) -> tuple[float, float]:
    """A (close, prev_close) pair on the tick grid whose % change rounds to `change_pct`.

    A close from the seed is kept as is; a reconstructed close may move a few ticks to find one.
    """
    table = spread_table(on)
    for shift in [0] if exact_close else sorted(range(-200, 201), key=abs):
        candidate_close = float(table.step(close, shift)) if shift else close
        guess = float(table.round(candidate_close / (1 + change_pct / 100)))
        candidates = [float(table.step(guess, k)) for k in range(-4, 5)]
        fits = [
            (abs((candidate_close / p - 1) * 100 - change_pct), p)
            for p in candidates
            if round((candidate_close / p - 1) * 100, 2) == change_pct
            and abs((candidate_close / p - 1) * 100 - change_pct) < 0.00499
        ]
        if fits:
            return candidate_close, min(fits)[1]
    raise ValueError(f"no previous close on the tick grid gives {change_pct}% for a close of {close}")


def jittered(value: float, rng: np.random.Generator, spread: float = 2e5) -> int:
    """A turnover near `value` that still displays as the same figure (to the HKD 0.5 million)."""
    return round(value + rng.uniform(-spread, spread))


def day_ranges(prev: np.ndarray, close: np.ndarray, on: date, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Open, high and low around a day's move, on the tick grid."""
    table = spread_table(on)
    n = len(prev)
    open_ = table.step(prev, rng.integers(-2, 3, n))
    high = table.step(np.maximum(open_, close), rng.integers(0, 4, n))
    low = table.step(np.minimum(open_, close), -rng.integers(0, 4, n))
    return open_, np.maximum(high, np.maximum(open_, close)), np.minimum(low, np.minimum(open_, close))


def move_in_ticks(
    price: np.ndarray, direction: np.ndarray, on: date, rng: np.random.Generator, calm: np.ndarray | None = None
) -> np.ndarray:
    """Fat-tailed moves of at least one tick in the given directions (+1, -1 or 0); the `calm`
    ones (index constituents, the market's largest companies) move about a third as far."""
    table = spread_table(on)
    size = np.minimum(np.abs(rng.standard_t(3, len(price))) * 0.018, 0.35)
    if calm is not None:
        size = np.where(calm, size * CALM_MOVES, size)
    ticks = np.maximum(1, np.round(price * size / table.tick_below(price))).astype(int)
    return (direction * ticks).astype(int)


def synthetic_turnover(
    universe: pl.DataFrame, traded: np.ndarray, rng: np.random.Generator, large: np.ndarray | None = None
) -> np.ndarray:
    """Heavy-tailed turnover; the `large` companies (index constituents) trade about a hundred
    times as much as the median stock, as the market's largest do."""
    median = np.where(universe["category"].to_numpy() == "ETP", 8e6, 3e6)
    if large is not None:
        median = np.where(large, LARGE_COMPANY_TURNOVER, median)
    turnover = np.exp(np.log(median) + rng.normal(0, 1.9, universe.height))
    cap = np.where(
        universe["sector"].is_in(FEATURED_SECTORS).to_numpy(),
        FEATURED_SECTOR_TURNOVER_CAP,
        SYNTHETIC_TURNOVER_CAP,
    )
    return np.where(traded, np.round(np.minimum(turnover, cap)), 0.0)


def build_synthetic_week(
    universe: pl.DataFrame,
    seed_day_moves: tuple[int, int],
    rng: np.random.Generator,
    blue_chips: pl.DataFrame | None = None,
    calm: np.ndarray | None = None,
) -> dict[date, pl.DataFrame]:
    """Synthetic quotes for the week, walked backwards from the seed day's closes.

    `seed_day_moves` is how many of these securities must rise and fall on the seed day; the
    rest of the non-suspended ones close unchanged. `blue_chips` (code, close, turnover_hkd) gives
    the large index constituents the seed day's level and daily turnover of their market, so that
    HSBC does not close at HKD 15 on a few thousand dollars; they trade every day. The `calm`
    securities (the index's constituents) move about a third as far as the others.
    """
    n = universe.height
    category = universe["category"].to_numpy()
    log_median = np.select([category == "ETP", category == "REIT"], [np.log(25.0), np.log(3.0)], np.log(1.5))
    if calm is not None:  # index constituents are priced as large companies are, not as penny stocks
        log_median = np.where(calm, np.log(LARGE_COMPANY_PRICE), log_median)
    close = spread_table(SEED_DAY).round(np.clip(np.exp(log_median + rng.normal(0, 1.2, n)), 0.05, 800.0))
    chips = universe.select("code").join(
        (blue_chips if blue_chips is not None else pl.DataFrame(schema={"code": pl.String})).with_row_index("chip"),
        on="code",
        how="left",
        maintain_order="left",
    )
    is_blue_chip = chips["chip"].is_not_null().to_numpy()
    # The blue chips' turnover draws come from a generator of their own, so that adding them left
    # every other security's figures as they were.
    chip_rng = np.random.default_rng(rng.bit_generator.seed_seq.spawn(1)[0])
    if is_blue_chip.any():
        close = np.where(is_blue_chip, spread_table(SEED_DAY).round(chips["close"].fill_null(1.0).to_numpy()), close)
        chip_turnover = chips["turnover_hkd"].fill_null(0.0).to_numpy()

    suspended = np.zeros(n, dtype=bool)
    suspended[rng.choice(np.flatnonzero(category == "Equity"), seed_breadth().suspended, replace=False)] = True
    assert not (suspended & is_blue_chip).any(), "a blue chip drawn as suspended"
    advancers, decliners = seed_day_moves
    order = rng.permutation(np.flatnonzero(~suspended))
    seed_direction = np.zeros(n, dtype=int)
    seed_direction[order[:advancers]] = 1
    seed_direction[order[advancers : advancers + decliners]] = -1

    days: dict[date, pl.DataFrame] = {}
    for day in reversed(WEEK):
        direction = seed_direction if day == SEED_DAY else rng.choice([1, -1, 0], n, p=[0.36, 0.42, 0.22])
        direction = np.where(suspended, 0, direction)
        prev = spread_table(day).step(close, -move_in_ticks(close, direction, day, rng, calm))
        traded = ~suspended & ((direction != 0) | (rng.random(n) < 0.25) | is_blue_chip)
        turnover = synthetic_turnover(universe, traded, rng, calm)
        if is_blue_chip.any():
            # Around the level of the seed day; every day below the seed's top 10 (HKD 2.7 billion).
            daily = np.minimum(chip_turnover * np.exp(chip_rng.normal(0, 0.15, n)), 2.6e9)
            turnover = np.where(is_blue_chip, np.round(daily), turnover)
        volume = np.where(traded, np.maximum(100, np.round(turnover / ((prev + close) / 2), -2)), 0)
        open_, high, low = day_ranges(prev, close, day, rng)
        no_trades = ~traded
        days[day] = pl.DataFrame(
            {
                "code": universe["code"],
                "close": pl.Series(close).set(pl.Series(suspended), None),
                "prev_close": prev,
                "volume": volume.astype(np.int64),
                "turnover": turnover.astype(np.int64),
                "currency": "HKD",
                "open": pl.Series(open_).set(pl.Series(no_trades), None),
                "high": pl.Series(high).set(pl.Series(no_trades), None),
                "low": pl.Series(low).set(pl.Series(no_trades), None),
                "status": np.where(suspended, "SUSPENDED", "TRADING"),
            }
        )
        close = prev
    return days


def build_named_week(named: pl.DataFrame, rng: np.random.Generator) -> dict[date, pl.DataFrame]:
    """Quotes of the named stocks: the seed's figures on the seed day, a reconstructed path before."""
    seed_closes, seed_prevs = [], []
    for close, change_pct, exact in named.select("close", "change_pct", "close_from_seed").iter_rows():
        solved_close, prev = solve_prev_close(close, change_pct, SEED_DAY, exact)
        seed_closes.append(solved_close)
        seed_prevs.append(prev)
    close = np.array(seed_closes)
    prev = np.array(seed_prevs)
    turnover = np.array([jittered(t, rng) for t in named["turnover"]], dtype=float)
    days: dict[date, pl.DataFrame] = {}
    for day in reversed(WEEK):
        if day != SEED_DAY:
            direction = rng.choice([1, -1, 0], len(close), p=[0.4, 0.45, 0.15])
            # Large companies all: they move as the index constituents do.
            calm = np.ones(len(close), dtype=bool)
            prev = spread_table(day).step(close, -move_in_ticks(close, direction, day, rng, calm))
            turnover = np.round(turnover * np.exp(rng.normal(-0.1, 0.3, len(close))))
        open_, high, low = day_ranges(prev, close, day, rng)
        days[day] = pl.DataFrame(
            {
                "code": named["code"],
                "close": close,
                "prev_close": prev,
                "volume": np.round(turnover / ((prev + close) / 2), -2).astype(np.int64),
                "turnover": turnover.astype(np.int64),
                "currency": named["currency"],
                "open": open_,
                "high": high,
                "low": low,
                "status": "TRADING",
            }
        )
        close = prev
    return days
