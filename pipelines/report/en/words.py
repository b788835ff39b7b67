"""The English report's fixed words: section titles, what an empty section says, the HTML page's
labels, the chart's axis, the footer's provenance, and how amounts, prices, dates and names are
written ("HKD 20.975 billion", "November 21")."""

from collections.abc import Sequence
from datetime import date

from pipelines.report.figures import DayFigures, IndexMove, MacroFigure, SectorMove, StockMove
from pipelines.report.numbers import BILLION, MILLION, decimals_of_price, stock_code

CODE = "en"
SENTENCE_GAP = " "  # between two sentences of a paragraph
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
    "day_newest_first": "1 trading day.",
    "all_days": "All reports",
    "range": "Range",
    "five_days": "5 days",
    "year_to_date": "Year to date",
    "advancers": "Advancers",
    "decliners": "Decliners",
    "unchanged": "Unchanged",
    "ad_ratio": "Advance/decline ratio",
    "highs_lows": "52-week highs / lows",
    "sectors": "Sectors by change, highest first",
    "sector": "Sector",
    "traded": "Companies traded",
    "change": "Change",
    "flat": "unchanged",
    "up_down": "Up / down",
    "turnover": "Turnover",
    "leaders": "Leaders (by turnover)",
    "leaders_separator": "; ",
}

# The turnover chart's axis: its unit, HKD in one of it and its decimals, as the prose gives turnover.
TURNOVER_AXIS = ("HKD billion", 1e9, 3)

PROVENANCE = {
    "sample": (
        "Sample data: the figures the published closing report of 21 November 2025 gives are that "
        "report's; every other figure is illustrative, made to look like a day of the Hong Kong market."
    ),
    "simulated": (
        "Simulated data: every figure comes from hkclose's deterministic market simulator (HKEX's 2022 "
        "list of securities with synthetic prices, index levels and macro releases); it is not market data."
    ),
    "hkex": (
        "Data: HKEX Daily Quotations, List of Securities and Stock Connect statistics; Hang Seng Indexes "
        "(HSTECH, the Hang Seng Industry Classification); HKMA exchange rates and money supply; C&SD open data."
    ),
    "landing": "Data: files supplied by the publisher of this report (quotes, index levels, macro releases).",
}


def overridden(files: str) -> str:
    """The footer's word on the landing files that replaced what the source fetched for the day."""
    return f" Overridden for this day by landing files: {files}."


def date_line(day: date) -> str:
    return f"Hong Kong market close, {full_date(day)}"


# How each sector's move is measured (marts.sector_daily.change_measure), in a caption.
MEASURES = {
    "published_index": "its Hang Seng Composite Industry Index",
    "market_value": "its companies' moves weighted by market value",
    "median": "the median move of its companies that traded",
}
SMALL_NUMBERS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
ORDINALS = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def sectors_caption(figures: DayFigures) -> str:
    """What the table's Change is, sector by sector, and what it leaves out: "Change: the median
    move of each sector's companies that traded. Companies traded: ... Outside the Hang Seng
    industry classification: 15.5% of the day's turnover."."""
    by_measure: dict[str, list[str]] = {}
    for sector in figures.all_sectors:
        by_measure.setdefault(sector.change_measure, []).append(sector.sector)
    if len(by_measure) == 1:
        change = f"Change: for each sector, {MEASURES[next(iter(by_measure))]}."
    else:
        change = "Change: " + "; ".join(f"{', '.join(names)}: {MEASURES[m]}" for m, names in by_measure.items()) + "."
    text = f"{change} Companies traded: an RMB counter counts with its company's HKD counter."
    if figures.unclassified_turnover_pct:
        text += (
            " Securities outside the Hang Seng Industry Classification, left out of the table, took "
            f"{figures.unclassified_turnover_pct:.1f}% of the day's turnover."
        )
    return text


def number_word(value: int) -> str:
    """four; 12 (numbers above ten in figures, as a wire does)."""
    return SMALL_NUMBERS[value] if 0 <= value < len(SMALL_NUMBERS) else f"{value:,d}"


def ordinal(value: int) -> str:
    """third; 12th."""
    if 0 < value < len(ORDINALS):
        return ORDINALS[value]
    suffix = "th" if 10 <= value % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(value % 10, "th")
    return f"{value}{suffix}"


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
    """A stock named alone in a sentence: the company's proper name where the source gives one,
    else HKEX's short name as published (docs/report.md#names)."""
    return stock.name


def stock_names(stocks: Sequence[StockMove]) -> list[str]:
    """Stocks named together in one sentence, in one style: their proper names when each has
    one, else HKEX's short names for all of them."""
    if all(s.has_proper_name for s in stocks):
        return [s.name for s in stocks]
    return [table_name(s) for s in stocks]


def stock_name_and_code(stock: StockMove) -> str:
    """ "Tencent Holdings (700.HK)"."""
    return f"{stock.name} ({stock_code(stock.code)})"


def table_name(stock: StockMove) -> str:
    """A stock in a table or a chart, where every row is named alike: HKEX's short name as published."""
    return stock.short_name or stock.name


def table_name_and_code(stock: StockMove) -> str:
    """ "TENCENT (700.HK)"."""
    return f"{table_name(stock)} ({stock_code(stock.code)})"


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
