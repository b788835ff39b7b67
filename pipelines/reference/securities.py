"""HKEX's list of securities (the 2022 snapshot in this folder) and the sectors hkclose gives them.

A security's sector is its Hang Seng Industry Classification (HSIC) industry, as HKEX's quote
pages publish it (`hsic_industries.csv`); ETPs and REITs take HKEX's own categories. A real
security the classification does not cover is `Unclassified`: never a guess from its name or code.
A fictional one (a placeholder for listings the 2022 list lacks) has the industry its name was made
from: it is the data's own.
"""

from functools import cache

import polars as pl

from pipelines.config import REFERENCE_DIR
from pipelines.reference.names import fictional_name

HKEX_CATEGORIES = {"Equity": "Equity", "Exchange Traded Products": "ETP", "Real Estate Investment Trusts": "REIT"}
UNCLASSIFIED = "Unclassified"
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
        return "Exchange Traded Funds", "Funds"
    if category == "REIT":
        return "REITs", "Properties & Construction"
    industry = (hsic_industries() if classification is None else classification).get(code)
    return (industry, industry) if industry else (UNCLASSIFIED, None)


@cache
def hkex_securities() -> pl.DataFrame:
    """The list's Equity, ETP and REIT rows: code (no leading zeros), name, category, board, sector, industry."""
    listed = pl.read_csv(REFERENCE_DIR / "hkex_securities_20221018.csv", infer_schema=False)
    rows = []
    for stock_code, name, category, sub_category in listed.select(
        "stock_code", "name", "category", "sub_category"
    ).iter_rows():
        code = stock_code.lstrip("0")
        short_category = HKEX_CATEGORIES[category]
        sector, industry = sector_for(code, short_category)
        board = "GEM" if sub_category and "GEM" in sub_category else "MAIN"
        rows.append((code, name, short_category, board, sector, industry))
    return pl.DataFrame(rows, schema=["code", "name", "category", "board", "sector", "industry"], orient="row")


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
            "category": "Equity",
            "board": "MAIN",
            "sector": industries,
            "industry": industries,
        }
    )
