"""HKEX's lists of securities (the snapshots in this folder: 2022 in English, 2025 in both
languages) and the sectors hkclose gives them.

A security's sector is its Hang Seng Industry Classification (HSIC) industry, as HKEX's quote
pages publish it (`hsic_industries.csv`); ETPs and REITs take HKEX's own categories. A real
security the classification does not cover is `Unclassified`: never a guess from its name or code.
A fictional one (a placeholder for listings the 2022 list lacks) has the industry its name was made
from: it is the data's own.
"""

from functools import cache

import polars as pl

from pipelines.config import REFERENCE_DIR
from pipelines.reference.names import fictional_name, fictional_short_name

HKEX_CATEGORIES = {"Equity": "Equity", "Exchange Traded Products": "ETP", "Real Estate Investment Trusts": "REIT"}
UNCLASSIFIED = "Unclassified"
ETP_SECTOR = "Exchange Traded Funds"  # HKEX's category, grouped as a sector (stock_daily.sql says the same)
REIT_SECTOR = "REITs"
# The sectors that are not industries of the classification: in the sector table, never ranked
# against the industries or featured (a fund's move is its underlying market's, not Hong Kong's).
NOT_INDUSTRIES = (UNCLASSIFIED, ETP_SECTOR, REIT_SECTOR)
# The industries fictional companies are drawn from (by code); each one's name is made from it (names.py).
NAME_INDUSTRIES = (
    "Industrials",
    "Conglomerates",
    "Consumer Discretionary",
    "Information Technology",
    "Consumer Discretionary",
    "Consumer Staples",
    "Healthcare",
    "Properties & Construction",
    "Industrials",
    "Consumer Discretionary",
    "Information Technology",
    "Information Technology",
)


@cache
def hsic_industries() -> dict[str, str]:
    """Code -> HSIC industry, as HKEX's quote pages published it (pipelines/reference/README.md)."""
    frame = pl.read_csv(REFERENCE_DIR / "hsic_industries.csv", schema_overrides={"code": pl.String})
    return dict(zip(frame["code"], frame["industry"], strict=True))


def sector_for(code: str, category: str, classification: dict[str, str] | None = None) -> tuple[str, str | None]:
    """(sector, industry): the security's HSIC industry (both), HKEX's category for ETPs and REITs,
    else Unclassified. `classification` defaults to the bundled one."""
    if category == "ETP":
        return ETP_SECTOR, "Funds"
    if category == "REIT":
        return REIT_SECTOR, "Properties & Construction"
    industry = (hsic_industries() if classification is None else classification).get(code)
    return (industry, industry) if industry else (UNCLASSIFIED, None)


def _securities(listed: pl.DataFrame) -> pl.DataFrame:
    """A list's rows in hkclose's columns: code (no leading zeros), name (HKEX's short name),
    category, board, sector, industry, and what else the list carries (name_zh, isin, currency)."""
    rows = []
    for stock_code, name, category, sub_category in listed.select(
        "stock_code", "name", "category", "sub_category"
    ).iter_rows():
        code = stock_code.lstrip("0")
        short_category = HKEX_CATEGORIES[category]
        sector, industry = sector_for(code, short_category)
        board = "GEM" if sub_category and "GEM" in sub_category else "MAIN"
        rows.append((code, name, short_category, board, sector, industry))
    frame = pl.DataFrame(rows, schema=["code", "name", "category", "board", "sector", "industry"], orient="row")
    extra = [c for c in ("name_zh", "isin", "trading_currency") if c in listed.columns]
    return pl.concat([frame, listed.select(extra)], how="horizontal")


@cache
def hkex_securities() -> pl.DataFrame:
    """The 2022 list's Equity, ETP and REIT rows, with the Chinese name of 2025 where the code is
    still the same company's (same_company): code, name, category, board, sector, industry, name_zh."""
    listed = _securities(pl.read_csv(REFERENCE_DIR / "hkex_securities_20221018.csv", infer_schema=False))
    later = hkex_securities_2025().select(
        "code", pl.col("name").alias("name_2025"), "name_zh", pl.col("isin").alias("isin_2025")
    )
    joined = listed.join(later, on="code", how="left", maintain_order="left")
    return joined.with_columns(name_zh=pl.when(same_company()).then("name_zh")).select(
        "code", "name", "category", "board", "sector", "industry", "name_zh"
    )


def same_company() -> pl.Expr:
    """A code of the 2022 list still the same company's in 2025: the same ISIN, the same issuer
    (an ISIN outside Hong Kong names its issuer in its first eight characters, which survive a
    share consolidation), or the same short name. HKEX gives a delisted company's code to another."""
    return (
        (pl.col("isin") == pl.col("isin_2025"))
        | (
            ~pl.col("isin").str.starts_with("HK")
            & (pl.col("isin").str.slice(0, 8) == pl.col("isin_2025").str.slice(0, 8))
        )
        | (pl.col("name") == pl.col("name_2025"))
    )


@cache
def hkex_securities_2025() -> pl.DataFrame:
    """The Equity, ETP and REIT rows of HKEX's lists of November 2025 (README.md): code, name,
    category, board, sector, industry, name_zh, isin, trading_currency (HKD, RMB, USD)."""
    return _securities(pl.read_csv(REFERENCE_DIR / "hkex_securities_20251104.csv", infer_schema=False))


def placeholder_securities(codes: list[str]) -> pl.DataFrame:
    """Securities the 2022 list does not hold (listed after it, or delisted before it), under free
    codes: fictional companies, each of an industry and named from it in both languages (names.py)."""
    industries = [NAME_INDUSTRIES[int(code) % len(NAME_INDUSTRIES)] for code in codes]
    names = [fictional_name(code, industry) for code, industry in zip(codes, industries, strict=True)]
    return pl.DataFrame(
        {
            "code": codes,
            "name": [english for english, _ in names],
            "name_zh": [chinese for _, chinese in names],
            "short_name": [fictional_short_name(code) for code in codes],
            "category": "Equity",
            "board": "MAIN",
            "sector": industries,
            "industry": industries,
        }
    )
