"""Build the bundled sample week (2025-11-17 to 2025-11-21) in the landing format.

The stocks, index levels and macro figures named in the published closing report of
2025-11-21 carry that report's values (the CSV files beside this module; `published.py`).
Everything else is reconstructed: real codes and names from HKEX's 2022 list of securities with
deterministic synthetic prices (`prices.py`), such that the seed day has exactly the published
market breadth.

Run `python -m pipelines.sample.build` to rewrite `warehouse/sample/`; the output is the same on
every run.
"""

import csv
import shutil
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.config import REFERENCE_DIR, SAMPLE_DIR
from pipelines.reference.securities import hkex_securities_2025, placeholder_securities
from pipelines.sample.prices import build_named_week, build_synthetic_week
from pipelines.sample.published import (
    SEED_DAY,
    WEEK,
    blue_chips,
    fx_rates,
    hsi_constituents,
    hsi_constituents_names,
    index_paths,
    load_named_stocks,
    macro_releases,
    notes,
    seed_breadth,
    watchlist,
)
from pipelines.synthetic import exchange_activity as activity

RANDOM_SEED = 20251121
ACTIVITY_KINDS = ("exchange_totals", "short_selling", "capital_flows", "southbound_stocks")
COLUMNS = ("code", "name", "name_zh", "short_name", "category", "board", "sector", "industry")


# Legal forms and domiciles that a company's proper name leaves out in prose ("Sinopharm Group").
LEGAL_ENDINGS = r"(,? (Co|Ltd|PLC|Inc|Corp|Cayman|Cayman Islands Holding))+$"


def proper_names() -> pl.DataFrame:
    """(code, proper_name) of the companies the sample knows a proper English name of: the blue
    chips' (blue_chips.csv), else the Hang Seng Index constituents' as the dated list names them."""
    constituents = hsi_constituents_names().with_columns(
        proper_name=pl.col("name_bloomberg").str.replace(LEGAL_ENDINGS, "")
    )
    chips = blue_chips().select("code", pl.col("name").alias("proper_name"))
    return pl.concat([chips, constituents.join(chips, on="code", how="anti").select("code", "proper_name")])


def load_hkex_universe(named_codes: set[str]) -> pl.DataFrame:
    """The Equity, ETP and REIT lines of HKEX's lists of November 2025 traded in HKD (their RMB
    and USD counters left out), minus the named stocks, with sectors: each named by HKEX in both
    languages; a company the sample knows a proper name of (proper_names) by that, with HKEX's
    short name beside it."""
    listed = hkex_securities_2025().filter(pl.col("trading_currency") == "HKD", ~pl.col("code").is_in(named_codes))
    return (
        listed.join(proper_names(), on="code", how="left", maintain_order="left")
        .with_columns(
            short_name=pl.when(pl.col("proper_name").is_not_null()).then("name"),
            name=pl.coalesce("proper_name", "name"),
        )
        .select(COLUMNS)
    )


def with_hkex_names(named: pl.DataFrame) -> pl.DataFrame:
    """The named stocks with HKEX's short and Chinese names where HKEX lists their code; the
    sample's own for a stock it places under a free code (GaoDi)."""
    listed = hkex_securities_2025().select(
        "code", pl.col("name").alias("hkex_name"), pl.col("name_zh").alias("hkex_zh")
    )
    return (
        named.join(listed, on="code", how="left", maintain_order="left")
        .with_columns(
            short_name=pl.coalesce("hkex_name", "short_name"),
            name_zh=pl.coalesce("hkex_zh", "name_zh"),
        )
        .drop("hkex_name", "hkex_zh")
    )


def placeholder_listings(count: int, taken: set[str]) -> pl.DataFrame:
    """Stand-ins for securities listed after the 2022 list, under free codes from 2000 up."""
    return placeholder_securities([str(c) for c in range(2000, 3000) if str(c) not in taken][:count])


def index_levels(rng: np.random.Generator) -> dict[date, pl.DataFrame]:
    """Index closes: the seed's levels and changes on the seed day, reconstructed before."""
    rows: dict[date, list[dict[str, object]]] = {day: [] for day in WEEK}
    for index in index_paths():
        close = index.seed_close
        changes = index.changes_pct
        for day, change_pct in zip(reversed(WEEK), reversed(changes), strict=True):
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
    named = with_hkex_names(load_named_stocks())
    named_codes = set(named["code"])
    hkex = load_hkex_universe(named_codes)
    # Placeholders take codes no listed security of 2022 or 2025 has.
    taken_codes = {
        code.lstrip("0")
        for name in ("hkex_securities_20221018.csv", "hkex_securities_20251104.csv")
        for code in pl.read_csv(REFERENCE_DIR / name, infer_schema=False)["stock_code"]
    } | named_codes

    # The seed day counts 3,123 securities; the 2022 list falls short by the listings since.
    named_rises = int((named["change_pct"] > 0).sum())
    named_falls = int((named["change_pct"] < 0).sum())
    published = seed_breadth()
    counted = published.advancers + published.decliners + published.unchanged
    placeholders = placeholder_listings(counted - named.height - (hkex.height - published.suspended), taken_codes)
    synthetic = pl.concat([hkex, placeholders.select(COLUMNS)], how="diagonal")
    constituents = hsi_constituents()
    synthetic_days = build_synthetic_week(
        synthetic,
        (published.advancers - named_rises, published.decliners - named_falls),
        rng,
        blue_chips(),
        calm=synthetic["code"].is_in(constituents.implode()).to_numpy(),
    )
    # The named stocks draw from a generator of their own: a change to the rest of the universe
    # leaves the seed's stocks as they were (tests/fixtures/hkex/d251121e.htm holds some of them).
    named_days = build_named_week(named, np.random.default_rng([RANDOM_SEED, 1]))

    securities = pl.concat([named.select(COLUMNS), synthetic.select(COLUMNS)]).with_columns(
        listed_on=pl.when(pl.col("code").is_in(["3750", "2050", "81810"])).then(pl.lit("2025-06-23")).otherwise(None)
    )

    for kind in ("quotes", "indexes", "fx", "notes", "watchlist", "macro", "index_constituents", *ACTIVITY_KINDS):
        shutil.rmtree(out_dir / kind, ignore_errors=True)  # the README beside them stays
        (out_dir / kind).mkdir(parents=True)
    securities.sort(pl.col("code").cast(pl.Int64)).write_csv(out_dir / "securities.csv")

    indexes = index_levels(rng)
    for day in WEEK:
        quotes = pl.concat([named_days[day], synthetic_days[day]]).sort(pl.col("code").cast(pl.Int64))
        quotes.write_csv(out_dir / "quotes" / f"{day}.csv", float_precision=3)
        indexes[day].write_csv(out_dir / "indexes" / f"{day}.csv", float_precision=2)
        rates = fx_rates(day)
        pl.DataFrame({"currency": list(rates), "hkd_per_unit": list(rates.values())}).write_csv(
            out_dir / "fx" / f"{day}.csv"
        )
        write_activity(out_dir, day, quotes, rates)
        pl.DataFrame({"index_code": "HSI", "code": constituents}).write_csv(
            out_dir / "index_constituents" / f"{day}.csv"
        )
        if notes(day):
            write_rows(out_dir / "notes" / f"{day}.csv", ("code", "note", "note_zh"), notes(day))
        if watchlist(day):
            write_rows(
                out_dir / "watchlist" / f"{day}.csv",
                ("code", "position"),
                [(code, i) for i, code in enumerate(watchlist(day), start=1)],
            )
    write_rows(
        out_dir / "macro" / "releases.csv",
        ("indicator", "period", "value", "unit", "released_on", "source"),
        macro_releases(),
    )
    check_seed_day_breadth(out_dir)


def write_activity(out_dir: Path, day: date, quotes: pl.DataFrame, rates: dict[str, float]) -> None:
    """The exchange's totals, short selling and southbound trading of the day, derived from its
    quotes (pipelines/synthetic/exchange_activity.py) with a generator of their own, seeded by the date."""
    rng = np.random.default_rng([RANDOM_SEED, day.toordinal()])
    for kind, frame in activity.derived_kinds(quotes, rates, rng).items():
        frame.write_csv(out_dir / kind / f"{day}.csv", float_precision=0)


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
    published = seed_breadth()
    expected = (published.advancers, published.decliners, published.unchanged)
    if found != expected:
        raise AssertionError(f"seed day breadth {found} is not the published {expected}")


if __name__ == "__main__":
    build()
    print(f"sample week written to {SAMPLE_DIR}")
