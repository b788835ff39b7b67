"""The closing report in Traditional Chinese: every word of it, and only this language's.

`words` holds the fixed words and formats (titles, labels, provenance, amounts, dates, names),
`market` the prose on the market as a whole, `sectors` on sectors, `stocks` on single stocks,
`money` on money, the macro background and the caveats. en/, in English, has the same modules
and functions in the same order, so the two read side by side; both say what `report/rules.py`
decides about the figures.
"""

from pipelines.report.zh import market, money, sectors, stocks, words

__all__ = ["market", "money", "sectors", "stocks", "words"]
