"""The English report's fixed words: section titles, what an empty section says, the HTML page's
labels, the chart's axis, the footer's provenance, and how amounts, prices, dates and names are
written ("HKD 20.975 billion", "November 21")."""

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from pipelines.report.figures import IndexMove, MacroFigure, SectorMove, StockMove
from pipelines.report.numbers import BILLION, MILLION, decimals_of_price, stock_code

CODE = "en"
SECTION_TITLES = (
    "Market Overview",
    "Sector Performance",
    "Macroeconomic Background",
    "Popular Stocks",
    "Notable Movers",
    "Market Trading Volume TOP10",
)
EMPTY_SECTIONS = (
    "No index levels or quotes were loaded for this day.",
    "No sector moves were computed for this day.",
    "No macro releases were known on this day.",
    "No stock met the popular-stock rule on this day.",
    "No stock traded enough to count as a notable mover.",
    "No turnover was recorded on this day.",
)
LABELS = {
    "language_name": "English",
    "reports_title": "Hong Kong market closing reports",
    "days_newest_first": "{days} trading days, newest first.",
    "all_days": "All reports",
    "indexes": "Indexes",
    "range": "Range",
    "five_days": "5 days",
    "year_to_date": "Year to date",
    "breadth": "Market breadth",
    "advancers": "Advancers",
    "decliners": "Decliners",
    "unchanged": "Unchanged",
    "ad_ratio": "Advance/decline ratio",
    "highs_lows": "52-week highs / lows",
    "no_year_of_history": "Counted once the warehouse holds a year of history.",
    "sectors": "Sectors, best to worst (turnover-weighted; in brackets, the stocks that traded)",
    "sector": "Sector",
    "traded": "Stocks traded",
    "change": "Change",
    "up_down": "Up / down",
    "turnover": "Turnover",
    "leaders": "Leaders (by turnover)",
    "top10": "Top 10 by turnover",
    "top10_share": "Share of the whole market's turnover:",
    "movers": "Popular stocks and notable movers",
    "stock": "Stock",
    "close": "Close",
    "usual_move": "× usual move",
    "note": "Editor's note",
    "macro": "Macro",
    "indicator": "Indicator",
    "period": "Period",
    "value": "Value",
    "prior": "Prior",
    "released": "Released",
    "computed": "Every figure is computed by hkclose from its warehouse marts.",
    "turnover_axis": "HKD billion",
}
PROVENANCE = {
    "sample": (
        "Sample data: the figures named in the published closing report of 21 Nov 2025 are that "
        "report's; all other figures are reconstructed (see warehouse/sample/README.md)."
    ),
    "simulated": (
        "Simulated data: every figure comes from hkclose's deterministic market simulator (HKEX's 2022 "
        "list of securities with synthetic prices, index levels and macro releases); it is not market data."
    ),
    "hkex": (
        "Data: HKEX Daily Quotations, List of Securities and Stock Connect statistics; Hang Seng Indexes "
        "(HSTECH, the Hang Seng Industry Classification); HKMA exchange rates and money supply; C&SD open data."
    ),
}


def landing_provenance(landing_dir: Path) -> str:
    return f"Data: the user's landing files in {landing_dir}."


def overridden(files: str) -> str:
    """The footer's word on the landing files that replaced what the source fetched for the day."""
    return f" Overridden for this day by landing files: {files}."


def date_line(day: date) -> str:
    return f"Hong Kong market close, {full_date(day)}"


def amount(value: float) -> str:
    """Turnover: HKD 20.975 billion, HKD 710 million, HKD 950,000 under a million."""
    if abs(value) >= BILLION:
        return f"HKD {value / BILLION:,.3f} billion"
    if abs(value) >= MILLION:
        return f"HKD {value / MILLION:,.0f} million"
    return f"HKD {value:,.0f}"


def price(value: float, currency: str = "HKD") -> str:
    """A closing price: HKD 147.60."""
    return f"{currency} {value:,.{decimals_of_price(value)}f}"


def long_date(day: date) -> str:
    """November 21."""
    return f"{day:%B} {day.day}"


def full_date(day: date) -> str:
    """21 November 2025."""
    return f"{day.day} {day:%B %Y}"


def month(period: str) -> str:
    """A macro period: 2025-10 -> October 2025; anything else as is."""
    try:
        year, month_number = period.split("-")
        return f"{date(int(year), int(month_number), 1):%B %Y}"
    except ValueError:
        return period


def stock_name(stock: StockMove) -> str:
    """One rule in every section: the name the securities master gives (the company's proper name
    where hkclose knows one, else HKEX's short name as the exchange publishes it)."""
    return stock.name


def stock_name_and_code(stock: StockMove) -> str:
    """ "Tencent Holdings (700.HK)"."""
    return f"{stock.name} ({stock_code(stock.code)})"


def index_name(index: IndexMove) -> str:
    return index.name


def sector_name(sector: SectorMove) -> str:
    return sector.sector


def macro_label(figure: MacroFigure) -> str:
    return figure.label


def joined(parts: Sequence[str]) -> str:
    """a; b; and c."""
    if len(parts) <= 1:
        return "".join(parts)
    return "; ".join(parts[:-1]) + "; and " + parts[-1]


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def names(items: Sequence[str]) -> str:
    """a, b and c."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
