"""The simulated universe: HKEX's 2022 list plus securities that delisted before it and listed after,
each with listing dates, a sector, a size, a volatility and a beta, all fixed by the seed."""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl

from pipelines.config import REFERENCE_DIR
from pipelines.reference.securities import hkex_securities, placeholder_securities

ORIGIN = date(2015, 1, 2)
LIST_SNAPSHOT = date(2022, 10, 18)  # the HKEX list: everything in it was listed on this day
# Simulated listings and delistings fall up to this day. They are drawn in one pass, so moving it
# would move every draw and change days already simulated; the market itself runs to the end of the
# trading calendar, with the securities listed by then.
LISTINGS_UNTIL = date(2027, 12, 31)
SEED = 20150102

DELISTED_BEFORE_SNAPSHOT = 400  # gone by 2022, so not in the list
LISTED_AFTER_SNAPSHOT = 300
SHARE_LISTED_SINCE_ORIGIN = 0.3
SHARE_DELISTING_AFTER_SNAPSHOT = 0.1
# HSTECH: the largest names of these sectors (the real index holds 30 technology names: in the
# Hang Seng Industry Classification, information technology and consumer discretionary ones).
TECH_SECTORS = (
    "Information Technology",
    "Consumer Discretionary",
    "Internet Content & Information",
    "Software & IT Services",
    "Hardware, Storage & Peripherals",
    "Semiconductors",
    "Consumer Services",
    "Retail",
)
TECH_CONSTITUENTS = 30


@dataclass(frozen=True)
class Universe:
    """One row per security that ever trades in the simulation, in a fixed order."""

    securities: (
        pl.DataFrame
    )  # code, name, category, board, sector, industry, name_zh, short_name, currency, listed_on, delisted_on
    size_hkd: np.ndarray  # market value, drives turnover and index weights
    volatility: np.ndarray  # daily idiosyncratic volatility
    beta: np.ndarray
    sector_index: np.ndarray  # position of the security's sector in `sectors`
    sectors: list[str]
    first_price: np.ndarray  # price at origin or at listing
    index_members: dict[str, np.ndarray]  # index code -> positions of its constituents

    @property
    def size(self) -> int:
        return self.securities.height


def _days_between(rng: np.random.Generator, start: date, end: date, n: int) -> list[date]:
    return [start + timedelta(days=int(d)) for d in rng.integers(0, (end - start).days, n)]


def build_universe() -> Universe:
    rng = np.random.default_rng(SEED)
    listed = hkex_securities().with_columns(short_name=pl.lit(None, pl.String))  # `name` is HKEX's short name
    taken = set(listed["code"])
    free = [str(c) for c in range(2000, 10000) if str(c) not in taken]
    gone = placeholder_securities(free[:DELISTED_BEFORE_SNAPSHOT])
    new = placeholder_securities(free[DELISTED_BEFORE_SNAPSHOT : DELISTED_BEFORE_SNAPSHOT + LISTED_AFTER_SNAPSHOT])
    n_listed, n_gone, n_new = listed.height, gone.height, new.height

    since_origin = rng.random(n_listed) < SHARE_LISTED_SINCE_ORIGIN
    listing_days = _days_between(rng, ORIGIN, LIST_SNAPSHOT, n_listed)
    delisting = rng.random(n_listed) < SHARE_DELISTING_AFTER_SNAPSHOT
    delisting_days = _days_between(rng, LIST_SNAPSHOT + timedelta(days=1), LISTINGS_UNTIL, n_listed)
    listed = listed.with_columns(
        listed_on=pl.Series([d if s else None for d, s in zip(listing_days, since_origin, strict=True)], dtype=pl.Date),
        delisted_on=pl.Series(
            [d if s else None for d, s in zip(delisting_days, delisting, strict=True)], dtype=pl.Date
        ),
    )
    gone = gone.with_columns(
        listed_on=pl.lit(None, pl.Date),
        delisted_on=pl.Series(_days_between(rng, ORIGIN + timedelta(days=30), LIST_SNAPSHOT, n_gone), dtype=pl.Date),
    )
    new = new.with_columns(
        listed_on=pl.Series(
            _days_between(rng, LIST_SNAPSHOT + timedelta(days=1), LISTINGS_UNTIL, n_new), dtype=pl.Date
        ),
        delisted_on=pl.lit(None, pl.Date),
    )
    constituents = pl.read_csv(REFERENCE_DIR / "index_constituents.csv", schema_overrides={"code": pl.String})
    is_constituent = pl.col("code").is_in(constituents["code"].implode())
    securities = pl.concat([listed, gone, new], how="diagonal").with_columns(
        # RMB counters (five-digit 8xxxx codes) quote and trade in CNY.
        currency=pl.when(pl.col("code").str.len_chars() == 5).then(pl.lit("CNY")).otherwise(pl.lit("HKD")),
        # Index constituents trade throughout.
        listed_on=pl.when(is_constituent).then(None).otherwise("listed_on"),
        delisted_on=pl.when(is_constituent).then(None).otherwise("delisted_on"),
    )
    n = securities.height

    position = {code: i for i, code in enumerate(securities["code"])}
    category = securities["category"].to_numpy()
    size = np.exp(np.log(2e9) + rng.normal(0, 1.6, n))
    size = np.where(category == "ETP", size * 0.3, size)
    for code in constituents["code"].unique(maintain_order=True):
        if code in position:  # index constituents are the market's largest names
            size[position[code]] = np.exp(np.log(1.5e11) + rng.normal(0, 0.9))

    sectors = sorted(securities["sector"].unique())
    sector_index = np.array([sectors.index(s) for s in securities["sector"]])
    tech = np.flatnonzero(np.isin(securities["sector"].to_numpy(), TECH_SECTORS) & (category == "Equity"))
    # A fixed order: each index draws its intraday range from the day's generator in turn.
    index_members = {
        index_code: np.array(sorted(position[c] for c in group["code"] if c in position))
        for (index_code,), group in constituents.group_by("index_code", maintain_order=True)
    }
    index_members["HSTECH"] = np.sort(tech[np.argsort(-size[tech])[:TECH_CONSTITUENTS]])

    log_median = np.select([category == "ETP", category == "REIT"], [np.log(20.0), np.log(4.0)], np.log(2.0))
    return Universe(
        securities=securities,
        size_hkd=size,
        volatility=np.where(category == "ETP", 0.006, np.clip(0.03 - 0.004 * np.log10(size / 1e9), 0.008, 0.06)),
        beta=np.where(category == "ETP", 1.0, rng.normal(1.0, 0.3, n)),
        sector_index=sector_index,
        sectors=sectors,
        first_price=np.clip(np.exp(log_median + rng.normal(0, 1.1, n)), 0.05, 900.0),
        index_members=index_members,
    )


# HKEX lists thousands of derivative warrants and CBBCs under five-digit codes from 10000.
STRUCTURED_PRODUCTS_SECTOR = "Structured Products"


def with_structured_products(universe: Universe, count: int) -> Universe:
    """The universe plus `count` warrants and CBBCs, listed throughout: the market at the scale
    HKEX really trades (about 8,000 to 16,000 securities a day), to measure how hkclose grows."""
    if count == 0:
        return universe
    rng = np.random.default_rng([SEED, count])
    codes = [str(code) for code in range(10000, 10000 + count)]
    category = np.where(np.arange(count) % 2 == 0, "Warrant", "CBBC")
    products = pl.DataFrame(
        {
            "code": codes,
            "name": [f"{c.upper()} {code}" for c, code in zip(category, codes, strict=True)],
            "name_zh": None,
            "short_name": None,
            "category": category,
            "board": "MAIN",
            "sector": STRUCTURED_PRODUCTS_SECTOR,
            "industry": STRUCTURED_PRODUCTS_SECTOR,
            "currency": "HKD",
            "listed_on": None,
            "delisted_on": None,
        },
        schema=universe.securities.schema,
    )
    return Universe(
        securities=pl.concat([universe.securities, products]),
        size_hkd=np.concatenate([universe.size_hkd, np.exp(np.log(3e8) + rng.normal(0, 1.0, count))]),
        volatility=np.concatenate([universe.volatility, np.full(count, 0.08)]),
        beta=np.concatenate([universe.beta, rng.normal(3.0, 1.0, count)]),
        sector_index=np.concatenate([universe.sector_index, np.full(count, len(universe.sectors))]),
        sectors=[*universe.sectors, STRUCTURED_PRODUCTS_SECTOR],
        first_price=np.concatenate(
            [universe.first_price, np.clip(np.exp(np.log(0.3) + rng.normal(0, 0.8, count)), 0.01, 5.0)]
        ),
        index_members=universe.index_members,
    )
