"""Build the bundled sample week (2025-11-17 to 2025-11-21) in the landing format.

The stocks, index levels and macro figures named in the published closing report of
2025-11-21 carry that report's values (`named_stocks.csv`, `INDEX_CLOSES`, `MACRO_RELEASES`).
Everything else is reconstructed: real codes and names from HKEX's 2022 list of securities with
deterministic synthetic prices, such that the seed day has exactly the published market breadth.

Run `python -m pipelines.sample.build` to rewrite `warehouse/sample/`; the output is the same on
every run.
"""

import csv
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.paths import REFERENCE_DIR, SAMPLE_DIR
from pipelines.reference.hkex import hkex_securities, placeholder_securities
from pipelines.ticks import spread_table

SEED_DAY = date(2025, 11, 21)
WEEK = [date(2025, 11, d) for d in (17, 18, 19, 20, 21)]
RANDOM_SEED = 20251121

# Market breadth published for the seed day, and how many breadth-universe securities were
# suspended (not counted) that day.
SEED_ADVANCERS, SEED_DECLINERS, SEED_UNCHANGED = 423, 1_886, 814
SUSPENDED_COUNT = 6

# Sectors the seed report features: no synthetic stock may out-trade their named leaders.
FEATURED_SECTORS = ("Retail", "Hardware, Storage & Peripherals", "Internet Content & Information")
FEATURED_SECTOR_TURNOVER_CAP = 100e6
SYNTHETIC_TURNOVER_CAP = 1.5e9

HKD_PER_CNY = {17: 1.0952, 18: 1.0949, 19: 1.0955, 20: 1.0951, 21: 1.0949}
HKD_PER_USD = {17: 7.7742, 18: 7.7761, 19: 7.7805, 20: 7.7830, 21: 7.7850}


@dataclass(frozen=True)
class IndexPath:
    code: str
    seed_close: float
    seed_change_pct: float
    # Reconstructed daily % changes for 17-20 Nov, oldest first.
    earlier_changes_pct: tuple[float, float, float, float]


INDEX_CLOSES = (
    IndexPath("HSI", 25_222.02, -2.38, (-0.71, -1.72, -0.38, 0.02)),
    IndexPath("HSCEI", 8_919.78, -2.45, (-0.62, -1.88, -0.31, 0.09)),
    IndexPath("HSTECH", 5_395.49, -3.21, (-0.93, -2.04, -0.12, -0.18)),
)

# (indicator, period, value, unit, released_on, source). The seed's figures are the 2025-10
# unemployment rate (3.8), the 2025-10 PMI (50.4) and the 2025-09 M3 growth (4.0); the rest is
# reconstructed. The 2025-10 trade figures are released after the seed day on purpose: the
# seed day's report must not show them.
MACRO_RELEASES: tuple[tuple[str, str, float, str, str, str], ...] = (
    ("unemployment_rate", "2025-05", 3.5, "%", "2025-06-17", "C&SD"),
    ("unemployment_rate", "2025-06", 3.5, "%", "2025-07-17", "C&SD"),
    ("unemployment_rate", "2025-07", 3.7, "%", "2025-08-19", "C&SD"),
    ("unemployment_rate", "2025-08", 3.7, "%", "2025-09-16", "C&SD"),
    ("unemployment_rate", "2025-09", 3.9, "%", "2025-10-21", "C&SD"),
    ("unemployment_rate", "2025-10", 3.8, "%", "2025-11-18", "C&SD"),
    ("pmi", "2025-06", 49.9, "index", "2025-07-03", "HSBC"),
    ("pmi", "2025-07", 50.2, "index", "2025-08-05", "HSBC"),
    ("pmi", "2025-08", 50.1, "index", "2025-09-03", "HSBC"),
    ("pmi", "2025-09", 50.4, "index", "2025-10-06", "HSBC"),
    ("pmi", "2025-10", 50.4, "index", "2025-11-05", "HSBC"),
    ("m3_yoy", "2025-06", 3.1, "%", "2025-07-31", "HKMA"),
    ("m3_yoy", "2025-07", 3.4, "%", "2025-08-29", "HKMA"),
    ("m3_yoy", "2025-08", 3.6, "%", "2025-09-30", "HKMA"),
    ("m3_yoy", "2025-09", 4.0, "%", "2025-10-31", "HKMA"),
    ("retail_sales_yoy", "2025-07", 3.8, "%", "2025-09-01", "C&SD"),
    ("retail_sales_yoy", "2025-08", 3.8, "%", "2025-10-02", "C&SD"),
    ("retail_sales_yoy", "2025-09", 5.9, "%", "2025-10-31", "C&SD"),
    ("exports_yoy", "2025-07", 14.3, "%", "2025-08-26", "C&SD"),
    ("exports_yoy", "2025-08", 14.5, "%", "2025-09-25", "C&SD"),
    ("exports_yoy", "2025-09", 16.1, "%", "2025-10-27", "C&SD"),
    ("exports_yoy", "2025-10", 17.5, "%", "2025-11-25", "C&SD"),
    ("trade_balance", "2025-07", -30.9, "HKD billion", "2025-08-26", "C&SD"),
    ("trade_balance", "2025-08", -30.5, "HKD billion", "2025-09-25", "C&SD"),
    ("trade_balance", "2025-09", -34.3, "HKD billion", "2025-10-27", "C&SD"),
    ("trade_balance", "2025-10", -37.0, "HKD billion", "2025-11-25", "C&SD"),
)

# An editor's one-line reasons for moves, woven into the report's sentence about the stock.
NOTES = {
    SEED_DAY: (
        ("9896", 'launched its "IP Genius Plan" to lift brand influence'),
        ("1810", "showed new assisted-driving products at the Guangzhou Auto Show"),
    ),
    date(2025, 11, 18): (("700", "reported quarterly revenue up 15% year on year"),),
}

# The editor's watchlist ("popular stocks") for the seed day; other days use the fallback rule.
WATCHLIST = {SEED_DAY: ("1193", "2050", "568", "2676", "1772")}



def load_named_stocks() -> pl.DataFrame:
    """The securities the seed report names, with its figures (and reconstructed gaps)."""
    return pl.read_csv(Path(__file__).with_name("named_stocks.csv"), schema_overrides={"code": pl.String})


def load_hkex_universe(named_codes: set[str]) -> pl.DataFrame:
    """Equity, ETP and REIT rows of HKEX's 2022 list, minus the named stocks, with sectors."""
    return hkex_securities().filter(~pl.col("code").is_in(named_codes))


def placeholder_listings(count: int, taken: set[str]) -> pl.DataFrame:
    """Stand-ins for securities listed after the 2022 list, under free codes from 2000 up."""
    return placeholder_securities("PLACEHOLDER", [str(c) for c in range(2000, 3000) if str(c) not in taken][:count])


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
    return int(round(value + rng.uniform(-spread, spread)))


def day_ranges(prev: np.ndarray, close: np.ndarray, on: date, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Open, high and low around a day's move, on the tick grid."""
    table = spread_table(on)
    n = len(prev)
    open_ = table.step(prev, rng.integers(-2, 3, n))
    high = table.step(np.maximum(open_, close), rng.integers(0, 4, n))
    low = table.step(np.minimum(open_, close), -rng.integers(0, 4, n))
    return open_, np.maximum(high, np.maximum(open_, close)), np.minimum(low, np.minimum(open_, close))


def move_in_ticks(price: np.ndarray, direction: np.ndarray, on: date, rng: np.random.Generator) -> np.ndarray:
    """Fat-tailed moves of at least one tick in the given directions (+1, -1 or 0)."""
    table = spread_table(on)
    size = np.minimum(np.abs(rng.standard_t(3, len(price))) * 0.018, 0.35)
    ticks = np.maximum(1, np.round(price * size / table.tick_below(price))).astype(int)
    return (direction * ticks).astype(int)


def synthetic_turnover(universe: pl.DataFrame, traded: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    median = np.where(universe["category"].to_numpy() == "ETP", 8e6, 3e6)
    turnover = np.exp(np.log(median) + rng.normal(0, 1.9, universe.height))
    cap = np.where(
        universe["sector"].is_in(FEATURED_SECTORS).to_numpy(),
        FEATURED_SECTOR_TURNOVER_CAP,
        SYNTHETIC_TURNOVER_CAP,
    )
    return np.where(traded, np.round(np.minimum(turnover, cap)), 0.0)


def build_synthetic_week(
    universe: pl.DataFrame, seed_day_moves: tuple[int, int], rng: np.random.Generator
) -> dict[date, pl.DataFrame]:
    """Synthetic quotes for the week, walked backwards from the seed day's closes.

    `seed_day_moves` is how many of these securities must rise and fall on the seed day; the
    rest of the non-suspended ones close unchanged.
    """
    n = universe.height
    category = universe["category"].to_numpy()
    log_median = np.select([category == "ETP", category == "REIT"], [np.log(25.0), np.log(3.0)], np.log(1.5))
    close = spread_table(SEED_DAY).round(np.clip(np.exp(log_median + rng.normal(0, 1.2, n)), 0.05, 800.0))

    suspended = np.zeros(n, dtype=bool)
    suspended[rng.choice(np.flatnonzero(category == "Equity"), SUSPENDED_COUNT, replace=False)] = True
    advancers, decliners = seed_day_moves
    order = rng.permutation(np.flatnonzero(~suspended))
    seed_direction = np.zeros(n, dtype=int)
    seed_direction[order[:advancers]] = 1
    seed_direction[order[advancers : advancers + decliners]] = -1

    days: dict[date, pl.DataFrame] = {}
    for day in reversed(WEEK):
        direction = seed_direction if day == SEED_DAY else rng.choice([1, -1, 0], n, p=[0.36, 0.42, 0.22])
        direction = np.where(suspended, 0, direction)
        prev = spread_table(day).step(close, -move_in_ticks(close, direction, day, rng))
        traded = ~suspended & ((direction != 0) | (rng.random(n) < 0.25))
        turnover = synthetic_turnover(universe, traded, rng)
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
            prev = spread_table(day).step(close, -move_in_ticks(close, direction, day, rng))
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


def index_levels(rng: np.random.Generator) -> dict[date, pl.DataFrame]:
    """Index closes: the seed's levels and changes on the seed day, reconstructed before."""
    rows: dict[date, list[dict[str, object]]] = {day: [] for day in WEEK}
    for index in INDEX_CLOSES:
        close = index.seed_close
        changes = (*index.earlier_changes_pct, index.seed_change_pct)
        for day, change_pct in zip(reversed(WEEK), reversed(changes)):
            prev = round(close / (1 + change_pct / 100), 2)
            assert round((close / prev - 1) * 100, 2) == change_pct, (index.code, day)
            swing = abs(rng.normal(0, 0.004)) * prev
            open_ = round(prev * (1 + rng.normal(0, 0.003)), 2)
            rows[day].append(
                {
                    "index_code": index.code,
                    "close": close,
                    "prev_close": prev,
                    "open": open_,
                    "high": round(max(open_, close, prev) + swing, 2),
                    "low": round(min(open_, close) - swing, 2),
                }
            )
            close = prev
    return {day: pl.DataFrame(day_rows) for day, day_rows in rows.items()}


def build(out_dir: Path = SAMPLE_DIR) -> None:
    rng = np.random.default_rng(RANDOM_SEED)
    named = load_named_stocks()
    named_codes = set(named["code"])
    hkex = load_hkex_universe(named_codes)
    hkex_codes = set(hkex["code"]) | named_codes
    taken_codes = set(
        pl.read_csv(REFERENCE_DIR / "hkex_securities_20221018.csv", infer_schema=False)["stock_code"].str.strip_chars_start("0")
    ) | named_codes
    assert hkex_codes <= taken_codes

    # The seed day counts 3,123 securities; the 2022 list falls short by the listings since.
    named_rises = int((named["change_pct"] > 0).sum())
    named_falls = int((named["change_pct"] < 0).sum())
    counted = SEED_ADVANCERS + SEED_DECLINERS + SEED_UNCHANGED
    placeholders = placeholder_listings(counted - named.height - (hkex.height - SUSPENDED_COUNT), taken_codes)
    synthetic = pl.concat([hkex, placeholders])
    synthetic_days = build_synthetic_week(
        synthetic, (SEED_ADVANCERS - named_rises, SEED_DECLINERS - named_falls), rng
    )
    named_days = build_named_week(named, rng)

    securities = pl.concat(
        [
            named.select("code", "name", "name_zh", "category", "board", "sector", "industry"),
            synthetic.with_columns(name_zh=pl.lit(None, pl.String)).select(
                "code", "name", "name_zh", "category", "board", "sector", "industry"
            ),
        ]
    ).with_columns(
        listed_on=pl.when(pl.col("code").is_in(["3750", "2050", "81810"]))
        .then(pl.lit("2025-06-23"))
        .otherwise(None)
    )

    for kind in ("quotes", "indexes", "fx", "notes", "watchlist", "macro"):
        shutil.rmtree(out_dir / kind, ignore_errors=True)  # the README beside them stays
        (out_dir / kind).mkdir(parents=True)
    securities.sort(pl.col("code").cast(pl.Int64)).write_csv(out_dir / "securities.csv")

    indexes = index_levels(rng)
    for day in WEEK:
        quotes = pl.concat([named_days[day], synthetic_days[day]]).sort(pl.col("code").cast(pl.Int64))
        quotes.write_csv(out_dir / "quotes" / f"{day}.csv", float_precision=3)
        indexes[day].write_csv(out_dir / "indexes" / f"{day}.csv", float_precision=2)
        pl.DataFrame(
            {"currency": ["CNY", "USD"], "hkd_per_unit": [HKD_PER_CNY[day.day], HKD_PER_USD[day.day]]}
        ).write_csv(out_dir / "fx" / f"{day}.csv")
        if day in NOTES:
            write_rows(out_dir / "notes" / f"{day}.csv", ("code", "note"), NOTES[day])
        if day in WATCHLIST:
            write_rows(
                out_dir / "watchlist" / f"{day}.csv",
                ("code", "position"),
                [(code, i) for i, code in enumerate(WATCHLIST[day], start=1)],
            )
    write_rows(
        out_dir / "macro" / "releases.csv",
        ("indicator", "period", "value", "unit", "released_on", "source"),
        MACRO_RELEASES,
    )
    check_seed_day_breadth(out_dir)


def write_rows(path: Path, header: tuple[str, ...], rows: object) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def check_seed_day_breadth(out_dir: Path) -> None:
    """Fail the build if the seed day's breadth is not exactly the published one."""
    quotes = pl.read_csv(out_dir / "quotes" / f"{SEED_DAY}.csv", schema_overrides={"code": pl.String})
    counted = quotes.filter(pl.col("status") == "TRADING", pl.col("close").is_not_null())
    change = counted["close"] - counted["prev_close"]
    found = (int((change > 0).sum()), int((change < 0).sum()), int((change == 0).sum()))
    expected = (SEED_ADVANCERS, SEED_DECLINERS, SEED_UNCHANGED)
    if found != expected:
        raise AssertionError(f"seed day breadth {found} is not the published {expected}")


if __name__ == "__main__":
    build()
    print(f"sample week written to {SAMPLE_DIR}")
