"""A closing report as text, in English or Traditional Chinese, built from one day's figures.

Language-free: every word comes from the language's package (en/, zh/), which both offer the same
modules (words, market, sectors, stocks, money) and names. This module decides, once for both
languages, which parts are said (a figure present or not, a rule of rules.py met or not) and puts
them in their order; a language's function is called only for a part that is said, with what it
states. (What is left to a language: how a sentence joins its own optional clauses, and its naming
rules: the Chinese prose names no stock without a Chinese name.)
"""

from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType

from pipelines.config.report_files import REPORT_LANGUAGES
from pipelines.report import en, zh
from pipelines.report.figures import DayFigures, IndexMove
from pipelines.report.rules import (
    against_market,
    best_and_worst_sectors,
    constituents_to_tell,
    headline_subjects,
    largest_since,
    market_direction,
    southbound_extremes,
    streak_to_tell,
)

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


def headline(language: ModuleType, figures: DayFigures) -> str:
    """The lead index's move, the sector that led it, the biggest mover of the most traded stocks
    and one of them that went against the trend (rules.headline_subjects)."""
    market, subjects = language.market, headline_subjects(figures)
    market_change = market_direction(figures)
    return market.headline(
        _present(
            market.headline_index(subjects.index) if subjects.index else None,
            market.headline_sector(subjects.sector) if subjects.sector else None,
            market.headline_mover(subjects.biggest_mover, market_change) if subjects.biggest_mover else None,
            market.headline_against(subjects.against_trend) if subjects.against_trend else None,
        )
    )


def lead_paragraph(language: ModuleType, figures: DayFigures) -> str:
    """One sentence on the indices, one on breadth, one on the most traded names."""
    market, top = language.market, figures.turnover_top
    market_change = market_direction(figures)
    against = [s for s in top[1:5] if against_market(s.change_pct, market_change)]
    return language.words.SENTENCE_GAP.join(
        _present(
            market.lead_indices(figures.indexes) if figures.indexes else None,
            market.lead_breadth(figures.breadth) if figures.breadth else None,
            market.lead_most_traded(top[0], against) if top else None,
        )
    )


def streak_and_record(language: ModuleType, index: IndexMove) -> str:
    """The index's streak and its largest move since a date, where the warehouse holds the days that show them."""
    streak, since = streak_to_tell(index), largest_since(index)
    return language.market.streak_and_record(index, streak, since) if streak or since else ""


def overview(language: ModuleType, figures: DayFigures) -> list[str]:
    """The indices (the streak, the record and the constituents told of the lead index, the
    market's move), breadth and turnover."""
    market, paragraphs = language.market, []
    if figures.indexes:
        lead = figures.indexes[0]
        constituents = constituents_to_tell(lead)
        paragraphs.append(
            market.indices_sentence(figures)
            + streak_and_record(language, lead)
            + (market.constituents_sentence(lead, *constituents) if constituents else "")
        )
    if figures.breadth:
        paragraphs += [market.breadth_sentence(figures.breadth), market.turnover_sentence(figures)]
    return paragraphs


def southbound(language: ModuleType, figures: DayFigures) -> str | None:
    """The flows, and the most net-bought and net-sold of the stocks in both channels' lists."""
    if figures.southbound is None:
        return None
    money = language.money
    stocks = [s for s in figures.southbound_stocks if s.is_in_both_lists]
    bought, sold = southbound_extremes(figures)
    said_of_stocks = bool(stocks) and (bought is not None or sold is not None)
    return money.capital_flows(figures) + (
        money.southbound_stocks_sentence(stocks, bought, sold) if said_of_stocks else ""
    )


def money_paragraphs(language: ModuleType, figures: DayFigures) -> list[str]:
    """Short selling, southbound flows, the exchange's totals where they differ, the fx caveat."""
    money, b = language.money, figures.breadth
    return _present(
        money.short_selling(b) if b and b.short_ratio_pct is not None else None,
        southbound(language, figures),
        money.exchange_totals(b) if b and b.differs_from_exchange else None,
        money.fx_rates(figures.earlier_fx_rates) if figures.earlier_fx_rates else None,
    )


def sectors_across(language: ModuleType, figures: DayFigures) -> str | None:
    """The sectors that may be named which moved most and least (rules.best_and_worst_sectors)."""
    extremes = best_and_worst_sectors(figures)
    return language.sectors.sectors_across(*extremes) if extremes else None


def _section_paragraphs(language: ModuleType, figures: DayFigures) -> tuple[list[str], ...]:
    """Each section's paragraphs, in the order of the language's SECTION_TITLES."""
    sectors, stocks, money = language.sectors, language.stocks, language.money
    market_change = market_direction(figures)
    return (
        overview(language, figures) + money_paragraphs(language, figures),
        [sectors.sector_paragraph(s, market_change) for s in figures.featured_sectors]
        + _present(sectors_across(language, figures)),
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
        headline=headline(writer, figures),
        date_line=words.date_line(figures.trade_date),
        lead=lead_paragraph(writer, figures),
        sections=sections,
        provenance=provenance[language] + (words.overridden(overridden) if overridden else ""),
    )
