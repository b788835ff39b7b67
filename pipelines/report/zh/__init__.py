"""The closing report in Traditional Chinese: every word of it, and only this language's.

words.py holds the fixed words and formats, market.py the prose on the market, money.py the prose
on money, the macro background and the caveats. en/, in English, has the same modules and functions, in the
same order, so the two read side by side; both say what rules.py decides about the figures.
"""

from pipelines.report.zh import market, money
from pipelines.report.zh.words import (
    CODE,
    EMPTY_SECTIONS,
    LABELS,
    PROVENANCE,
    SECTION_TITLES,
    amount,
    date_line,
    index_name,
    landing_provenance,
    macro_label,
    overridden,
    price,
    sector_name,
    stock_name,
)

__all__ = [
    "CODE",
    "EMPTY_SECTIONS",
    "LABELS",
    "PROVENANCE",
    "SECTION_TITLES",
    "amount",
    "date_line",
    "index_name",
    "landing_provenance",
    "macro_label",
    "market",
    "money",
    "overridden",
    "price",
    "sector_name",
    "stock_name",
]
