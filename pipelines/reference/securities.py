"""HKEX's list of securities (the 2022 snapshot in this folder) and the sectors hkclose gives them.

No official stock-to-sector mapping is public: a security's sector comes from keywords in its
HKEX short name, else from its code; ETPs and REITs have their own.
"""

import re
from functools import cache

import polars as pl

from pipelines.config import REFERENCE_DIR
from pipelines.reference.names import fictional_name

HKEX_CATEGORIES = {"Equity": "Equity", "Exchange Traded Products": "ETP", "Real Estate Investment Trusts": "REIT"}

# Sector by keywords in an HKEX short name, first match wins; the rest are spread by code.
SECTOR_KEYWORDS: tuple[tuple[str, str, str], ...] = (
    (r"\bBANK|\bBK\b", "Banks", "Financials"),
    (r"\bINS\b|INSURANCE|\bLIFE\b|ASSUR", "Insurance", "Financials"),
    (r"\bSEC\b|SECURITIES|\bFIN|CAPITAL|CREDIT|\bINV\b|\bASSET", "Diversified Financials", "Financials"),
    (r"\bPROP|\bLAND\b|REALTY|ESTATE|\bDEV\b", "Real Estate Development", "Properties & Construction"),
    (r"\bCONST|\bENG\b|INFRA|CEMENT|\bBUILD", "Construction & Engineering", "Properties & Construction"),
    (r"PHARM|\bBIO|\bMED|HEALTH|\bHOSP|\bGENE|\bDRUG", "Pharmaceuticals & Biotechnology", "Healthcare"),
    (r"\bOIL\b|PETRO|ENERGY", "Oil & Gas", "Energy"),
    (r"\bCOAL\b", "Coal", "Energy"),
    (r"\bGAS\b", "Gas Utilities", "Utilities"),
    (r"\bPOWER\b|\bELEC|\bWATER\b|ENVIRO", "Electric & Water Utilities", "Utilities"),
    (r"\bSEMI|\bCHIP", "Semiconductors", "Information Technology"),
    (r"\bTECH|\bSOFT|DIGITAL|\bDATA\b|\bCLOUD\b|NETWORK", "Software & IT Services", "Information Technology"),
    (r"\bAUTO|\bMOTOR|\bCAR\b", "Automobiles", "Consumer Discretionary"),
    (r"\bFOOD|\bBEV|DAIRY|\bBREW|\bTEA\b|\bWINE\b|\bFARM|\bAGRI", "Food & Beverages", "Consumer Staples"),
    (r"MINING|\bMETAL|\bGOLD|\bSTEEL\b|\bALUM|COPPER|\bRES\b|RESOURCES", "Metals & Mining", "Materials"),
    (r"\bCHEM|\bPAPER\b|\bPACK", "Chemicals & Packaging", "Materials"),
    (r"\bSHIP|LOGIS|\bTRANS|\bPORT\b|\bAIR|EXPRESS", "Transportation & Logistics", "Industrials"),
    (r"\bTEL\b|TELECOM|MOBILE|\bCOMM\b|UNICOM", "Telecommunication Services", "Telecommunications"),
    (r"\bTEXT|APPAREL|FASHION|\bSHOE|\bSPORT", "Textiles & Apparel", "Consumer Discretionary"),
    (r"\bHOTEL|TRAVEL|\bEDU|\bCATER|GAMING|\bENT\b", "Consumer Services", "Consumer Discretionary"),
)
SECTORS_BY_CODE = (
    ("Industrial Machinery", "Industrials"),
    ("Conglomerates", "Conglomerates"),
    ("Retail", "Consumer Discretionary"),
    ("Software & IT Services", "Information Technology"),
    ("Consumer Services", "Consumer Discretionary"),
    ("Food & Beverages", "Consumer Staples"),
    ("Pharmaceuticals & Biotechnology", "Healthcare"),
    ("Real Estate Development", "Properties & Construction"),
    ("Electrical Equipment", "Industrials"),
    ("Textiles & Apparel", "Consumer Discretionary"),
    ("Hardware, Storage & Peripherals", "Information Technology"),
    ("Internet Content & Information", "Information Technology"),
)


def sector_for(code: str, name: str, category: str) -> tuple[str, str]:
    """(sector, industry) for a security; industries follow Hang Seng's twelve, plus Funds."""
    if category == "ETP":
        return "Exchange Traded Funds", "Funds"
    if category == "REIT":
        return "REITs", "Properties & Construction"
    for pattern, sector, industry in SECTOR_KEYWORDS:
        if re.search(pattern, name):
            return sector, industry
    return SECTORS_BY_CODE[int(code) % len(SECTORS_BY_CODE)]


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
        sector, industry = sector_for(code, name, short_category)
        board = "GEM" if sub_category and "GEM" in sub_category else "MAIN"
        rows.append((code, name, short_category, board, sector, industry))
    return pl.DataFrame(rows, schema=["code", "name", "category", "board", "sector", "industry"], orient="row")


def placeholder_securities(codes: list[str]) -> pl.DataFrame:
    """Securities the 2022 list does not hold (listed after it, or delisted before it), under free
    codes: sectors by code, fictional names in both languages (names.py)."""
    sectors = [SECTORS_BY_CODE[int(c) % len(SECTORS_BY_CODE)] for c in codes]
    names = [fictional_name(code, industry) for code, (_, industry) in zip(codes, sectors, strict=True)]
    return pl.DataFrame(
        {
            "code": codes,
            "name": [english for english, _ in names],
            "name_zh": [chinese for _, chinese in names],
            "category": "Equity",
            "board": "MAIN",
            "sector": [s for s, _ in sectors],
            "industry": [i for _, i in sectors],
        }
    )
