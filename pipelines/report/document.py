"""A closing report as text: its headline, lead and sections, built from one day's figures."""

from dataclasses import dataclass

from pipelines.report import formatting as fmt
from pipelines.report import narrative
from pipelines.report.figures import DayFigures

SECTION_TITLES = (
    "Market Overview",
    "Sector Performance",
    "Macroeconomic Background",
    "Popular Stocks",
    "Market Trading Volume TOP10",
)


@dataclass(frozen=True)
class Section:
    title: str
    paragraphs: list[str]


@dataclass(frozen=True)
class ClosingReport:
    figures: DayFigures
    headline: str
    date_line: str
    lead: str
    sections: list[Section]
    provenance: str


def build_report(figures: DayFigures, provenance: str) -> ClosingReport:
    market_change = narrative.market_direction(figures)
    bodies = (
        narrative.overview(figures) or ["No index levels or quotes were loaded for this day."],
        [narrative.sector_paragraph(s, market_change) for s in figures.featured_sectors]
        or ["No sector moves were computed for this day."],
        narrative.macro_paragraphs(figures) or ["No macro releases were known on this day."],
        [narrative.popular_paragraph(s, market_change) for s in figures.popular_stocks]
        or ["No stock met the popular-stock rule on this day."],
        [narrative.top_line(s) for s in figures.turnover_top] or ["No turnover was recorded on this day."],
    )
    return ClosingReport(
        figures=figures,
        headline=narrative.headline(figures),
        date_line=f"Hong Kong market close, {fmt.full_date(figures.trade_date)}",
        lead=narrative.lead_paragraph(figures),
        sections=[Section(title, body) for title, body in zip(SECTION_TITLES, bodies)],
        provenance=provenance,
    )
