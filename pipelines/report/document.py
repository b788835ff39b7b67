"""A closing report as text, in English or Traditional Chinese, built from one day's figures.

Language-free: every word comes from the language's package (en/, zh/), which both offer the same
modules (words, market, sectors, stocks, money) and names; this module only puts a report's parts
in their order.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType

from pipelines.config.report_files import REPORT_LANGUAGES
from pipelines.report import en, zh
from pipelines.report.figures import DayFigures
from pipelines.report.rules import market_direction

# Each language's package (`words`, `market`, `sectors`, `stocks`, `money`), by the language's code, in the order of
# the languages the report files are named for (config.REPORT_LANGUAGES).
WORDING: dict[str, ModuleType] = {en.words.CODE: en, zh.words.CODE: zh}
LANGUAGES = tuple(WORDING)
assert LANGUAGES == REPORT_LANGUAGES, "a language's words without its report files, or the other way round"


@dataclass(frozen=True)
class Section:
    title: str
    paragraphs: list[str]
    key: str = ""  # which section it is (SECTION_KEYS): the page puts its chart or table beside it


# The sections in their order, as each language titles them (`words.SECTION_TITLES`).
SECTION_KEYS = ("overview", "sectors", "macro", "popular", "movers", "top10")


@dataclass(frozen=True)
class ClosingReport:
    figures: DayFigures
    language: str
    headline: str
    date_line: str
    lead: str
    sections: list[Section]
    provenance: str


def provenance(source: str) -> dict[str, str]:
    """The footer's word on where the figures come from, by language, for a source by its name."""
    return {code: language.words.PROVENANCE[source] for code, language in WORDING.items()}


def _present(*paragraphs: str | None) -> list[str]:
    return [p for p in paragraphs if p]


def _section_paragraphs(language: ModuleType, figures: DayFigures) -> tuple[list[str], ...]:
    """Each section's paragraphs, in the order of the language's SECTION_TITLES."""
    market, sectors, stocks, money = language.market, language.sectors, language.stocks, language.money
    market_change = market_direction(figures)
    return (
        market.overview(figures)
        + _present(
            money.short_selling(figures),
            money.capital_flows(figures),
            money.exchange_totals(figures),
            money.fx_rates(figures),
        ),
        [sectors.sector_paragraph(s, market_change) for s in figures.featured_sectors]
        + _present(sectors.sectors_across(figures)),
        money.macro_paragraphs(figures) + money.macro_caveats(figures),
        _present(*(stocks.popular_paragraph(s, market_change) for s in figures.popular_stocks)),
        stocks.notable_movers(figures),
        [stocks.top_line(s) for s in figures.turnover_top],
    )


def build_report(figures: DayFigures, provenance: Mapping[str, str], language: str = en.words.CODE) -> ClosingReport:
    """`provenance`: the footer's word on where the figures come from, by language."""
    writer = WORDING[language]
    words = writer.words
    paragraphs = _section_paragraphs(writer, figures)
    sections = [
        Section(title, body or [empty], key)
        for key, title, body, empty in zip(
            SECTION_KEYS, words.SECTION_TITLES, paragraphs, words.EMPTY_SECTIONS, strict=True
        )
    ]
    overridden = ", ".join(f"{kind} ({file})" for kind, file in figures.overrides.items())
    return ClosingReport(
        figures=figures,
        language=language,
        headline=writer.market.headline(figures),
        date_line=words.date_line(figures.trade_date),
        lead=writer.market.lead_paragraph(figures),
        sections=sections,
        provenance=provenance[language] + (words.overridden(overridden) if overridden else ""),
    )
