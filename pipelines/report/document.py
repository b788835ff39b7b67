"""A closing report as text, in English or Traditional Chinese, built from one day's figures."""

from collections.abc import Mapping
from dataclasses import dataclass

from pipelines.report import activity, macro_en, narrative_en, narrative_zh
from pipelines.report import formatting as fmt
from pipelines.report.figures import DayFigures
from pipelines.report.rules import market_direction

LANGUAGES = ("en", "zh-HK")
SECTION_TITLES = {
    "en": (
        "Market Overview",
        "Sector Performance",
        "Macroeconomic Background",
        "Popular Stocks",
        "Notable Movers",
        "Market Trading Volume TOP10",
    ),
    "zh-HK": ("市場概覽", "板塊表現", "宏觀經濟背景", "熱門股份", "異動股份", "成交額十大"),
}
EMPTY = {
    "en": (
        "No index levels or quotes were loaded for this day.",
        "No sector moves were computed for this day.",
        "No macro releases were known on this day.",
        "No stock met the popular-stock rule on this day.",
        "No stock traded enough to count as a notable mover.",
        "No turnover was recorded on this day.",
    ),
    "zh-HK": (
        "當日未有指數或報價資料。",
        "當日未有板塊數據。",
        "當日未有已公布的宏觀數據。",
        "當日沒有熱門股份。",
        "當日沒有成交足夠的異動股份。",
        "當日沒有成交。",
    ),
}


@dataclass(frozen=True)
class Section:
    title: str
    paragraphs: list[str]


@dataclass(frozen=True)
class ClosingReport:
    figures: DayFigures
    language: str
    headline: str
    date_line: str
    lead: str
    sections: list[Section]
    provenance: str


def _present(*paragraphs: str | None) -> list[str]:
    return [p for p in paragraphs if p]


def _bodies_en(figures: DayFigures) -> tuple[list[str], ...]:
    market_change = market_direction(figures)
    return (
        narrative_en.overview(figures)
        + _present(
            activity.short_selling_en(figures),
            activity.capital_flows_en(figures),
            activity.exchange_totals_en(figures),
            activity.fx_rates_en(figures),
        ),
        [narrative_en.sector_paragraph(s, market_change) for s in figures.featured_sectors]
        + _present(narrative_en.sectors_across(figures), activity.unclassified_en(figures)),
        macro_en.macro_paragraphs(figures) + activity.macro_caveats_en(figures),
        [narrative_en.popular_paragraph(s, market_change) for s in figures.popular_stocks],
        narrative_en.notable_movers(figures),
        [narrative_en.top_line(s) for s in figures.turnover_top],
    )


def _bodies_zh(figures: DayFigures) -> tuple[list[str], ...]:
    market_change = market_direction(figures)
    return (
        narrative_zh.overview(figures)
        + _present(
            activity.short_selling_zh(figures),
            activity.capital_flows_zh(figures),
            activity.exchange_totals_zh(figures),
            activity.fx_rates_zh(figures),
        ),
        [narrative_zh.sector_paragraph(s, market_change) for s in figures.featured_sectors]
        + _present(narrative_zh.sectors_across(figures), activity.unclassified_zh(figures)),
        [narrative_zh.macro_sentence(m) for m in figures.macro] + activity.macro_caveats_zh(figures),
        [narrative_zh.popular_paragraph(s, market_change) for s in figures.popular_stocks],
        narrative_zh.notable_movers(figures),
        [narrative_zh.top_line(s) for s in figures.turnover_top],
    )


def build_report(figures: DayFigures, provenance: Mapping[str, str], language: str = "en") -> ClosingReport:
    """`provenance`: the footer's word on where the figures come from, by language."""
    english = language == "en"
    bodies = _bodies_en(figures) if english else _bodies_zh(figures)
    sections = [
        Section(title, body or [empty])
        for title, body, empty in zip(SECTION_TITLES[language], bodies, EMPTY[language], strict=True)
    ]
    return ClosingReport(
        figures=figures,
        language=language,
        headline=narrative_en.headline(figures) if english else narrative_zh.headline(figures),
        date_line=(
            f"Hong Kong market close, {fmt.full_date(figures.trade_date)}"
            if english
            else f"香港股市收市報告，{fmt.full_date_zh(figures.trade_date)}"
        ),
        lead=narrative_en.lead_paragraph(figures) if english else narrative_zh.lead_paragraph(figures),
        sections=sections,
        provenance=provenance[language] + _overridden(figures, language),
    )


def _overridden(figures: DayFigures, language: str) -> str:
    """The footer's word on the landing files that replaced what the source fetched for the day."""
    if not figures.overrides:
        return ""
    files = ", ".join(f"{kind} ({file})" for kind, file in figures.overrides.items())
    if language == "en":
        return f" Overridden for this day by landing files: {files}."
    return f" 本日以下資料由人手提供的檔案取代：{files}。"
