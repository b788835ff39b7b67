"""The English prose on the market as a whole: the headline, the lead, and the overview (the
indices with their points, range, streaks, records and constituents; breadth; turnover against the
day before), each sentence chosen by rules.py from the figures it states."""

from collections.abc import Sequence
from datetime import date

from pipelines.report import numbers as fmt
from pipelines.report.en.sectors import in_sentence, ranked, some
from pipelines.report.en.stocks import move_verb, moved
from pipelines.report.en.words import (
    amount,
    capitalized,
    full_date,
    joined,
    long_date,
    names,
    number_word,
    ordinal,
    stock_names,
)
from pipelines.report.figures import Breadth, DayFigures, IndexMove, SectorMove, StockMove
from pipelines.report.rules import HIGH_LOW_WEEKS, breadth_ratio, index_direction, is_concentrated


def indexes_together(indexes: Sequence[IndexMove]) -> str:
    """ "all three major indices fell", "the two indices were mixed"."""
    directions = {index_direction(i) for i in indexes}
    noun = "index" if len(indexes) == 1 else "indices"
    count = {1: "the", 2: "both", 3: "all three major"}.get(len(indexes), f"all {len(indexes)}")
    if directions == {-1}:
        return f"{count} {noun} fell"
    if directions == {1}:
        return f"{count} {noun} rose"
    return f"the {number_word(len(indexes))} major {noun} were mixed" if len(indexes) > 1 else f"the {noun} was flat"


def index_clause(index: IndexMove) -> str:
    """ "the Hang Seng Index fell 614.92 points, or 2.38%, to 25,222.02, in a range of 24,918.84
    to 26,252.47"."""
    way = index_direction(index)
    if index.change_pct is None:
        text = f"the {index.name} closed at {fmt.level(index.close)}"
    elif way == 0:
        text = f"the {index.name} was unchanged at {fmt.level(index.close)}"
    else:
        size = fmt.percent(index.change_pct) if index.change_pct else "less than 0.01%"
        text = (
            f"the {index.name} {'fell' if way < 0 else 'rose'} {fmt.level(abs(index.change_points))} points, or "
            f"{size}, to {fmt.level(index.close)}"
        )
    if index.low is not None and index.high is not None:
        text += f", in a range of {fmt.level(index.low)} to {fmt.level(index.high)}"
    return text


def indices_sentence(figures: DayFigures) -> str:
    """ "On Friday, 21 November 2025, all three major indices fell: the Hang Seng Index fell ..."."""
    clauses = [index_clause(i) for i in figures.indexes]
    return f"On {long_date(figures.trade_date)}, {indexes_together(figures.indexes)}: {joined(clauses)}."


def streak_and_record(index: IndexMove, streak: int | None, since: date | None) -> str:
    """ "It was the Hang Seng Index's third straight fall and its largest one-day fall since 7 April
    2025." (one of the two facts, or both)."""
    way = "fall" if (index.change_pct or 0) < 0 else "rise"
    facts = []
    if streak:
        facts.append(f"{ordinal(abs(streak))} straight {way}")
    if since:
        facts.append(f"largest one-day {way} since {full_date(since)}")
    return f" It was the {index.name}'s " + " and its ".join(facts) + "."


def constituents_sentence(index: IndexMove, best: StockMove, worst: StockMove) -> str:
    """ "Of its 88 constituents, 13 rose and 57 fell; Sinopharm Group gained the most (up 2.04%)
    and SMIC fell the most (down 6.39%)."."""
    best_name, worst_name = stock_names([best, worst])
    return (
        f" Of the {index.name}'s {fmt.count(index.constituent_count)} constituents, "
        f"{some(index.constituents_up)} rose and {some(index.constituents_down)} fell; "
        f"{ranked(best_name, best.change_pct, True, most_up='gained the most')} and "
        f"{ranked(worst_name, worst.change_pct, False)}."
    )


def breadth_sentence(b: Breadth) -> str:
    """ "Across the market, 423 stocks rose, 1,886 fell and 814 were unchanged: more than four fell
    for each one that rose (an advance/decline ratio of 0.22)."."""
    text = (
        f"Across the market, {fmt.count(b.advancers)} stocks rose, {fmt.count(b.decliners)} fell and "
        f"{fmt.count(b.unchanged)} were unchanged"
    )
    if ratio := breadth_ratio(b):
        other = "rose" if ratio.side == "fell" else "fell"
        many = number_word(ratio.whole) if ratio.exact else f"more than {number_word(ratio.whole)}"
        text += f": {many} {ratio.side} for each one that {other}"
    if b.advance_decline_ratio is not None:
        text += f" (an advance/decline ratio of {b.advance_decline_ratio:.2f})"
    text += "."
    if b.new_52_week_highs is not None and b.new_52_week_lows is not None:
        text += (
            f" {fmt.count(b.new_52_week_highs)} stocks closed at a {HIGH_LOW_WEEKS}-week high and "
            f"{fmt.count(b.new_52_week_lows)} at a {HIGH_LOW_WEEKS}-week low."
        )
    return text


def turnover_sentence(figures: DayFigures) -> str:
    """ "Market turnover was HKD 161.743 billion, up 4.57% from HKD 154.681 billion the day before;
    the ten most traded stocks accounted for 48.5% of the total, a concentrated market."."""
    b = figures.breadth
    text = f"Market turnover was {amount(b.turnover_hkd)}"
    if b.prev_turnover_hkd is not None and b.turnover_change_pct is not None:
        change = b.turnover_change_pct
        move = "level with" if change == 0 else f"{'down' if change < 0 else 'up'} {fmt.percent(change)} from"
        text += f", {move} {amount(b.prev_turnover_hkd)} the day before"
    if figures.top_share_of_turnover_pct is not None:
        share = figures.top_share_of_turnover_pct
        text += (
            f"; the ten most traded stocks accounted for {fmt.percent(share, 1)} of the total"
            f"{', a concentrated market' if is_concentrated(share) else ''}"
        )
    return text + "."


def headline(parts: Sequence[str]) -> str:
    """The headline of its parts (document.headline says which)."""
    return "Hong Kong stock market closing | " + ", ".join(parts)


def headline_index(lead: IndexMove) -> str:
    verb = "was unchanged" if lead.change_pct == 0 else "fell" if lead.change_pct < 0 else "rose"
    return f"{lead.name} {verb}{'' if lead.change_pct == 0 else ' ' + fmt.percent(lead.change_pct)}"


def headline_sector(sector: SectorMove) -> str:
    return f"the {in_sentence(sector.sector)} sector led the {'decline' if sector.change_pct < 0 else 'gains'}"


def headline_mover(stock: StockMove, market_change: float | None) -> str:
    return f"{stock.name} {moved(stock.change_pct, market_change)}"


def headline_against(stock: StockMove) -> str:
    return f"{stock.name} {'rose' if stock.change_pct > 0 else 'fell'} against the trend"


def lead_indices(indexes: Sequence[IndexMove]) -> str:
    return capitalized(indexes_together(indexes)) + "."


def lead_breadth(b: Breadth) -> str:
    if ratio := breadth_ratio(b):
        many, few = (b.decliners, b.advancers) if ratio.side == "fell" else (b.advancers, b.decliners)
        word = "Decliners outnumbered advancers" if ratio.side == "fell" else "Advancers outnumbered decliners"
        return f"{word} {fmt.count(many)} to {fmt.count(few)}."
    return f"{fmt.count(b.advancers)} stocks rose and {fmt.count(b.decliners)} fell."


def lead_most_traded(leader: StockMove, against: Sequence[StockMove]) -> str:
    """The most traded stock's move, and those of the next four that went against the market."""
    sentence = f"{leader.name}, the most traded stock, {move_verb(leader.change_pct)}"
    sentence += "" if leader.change_pct == 0 else f" {fmt.percent(leader.change_pct)}"
    if against:
        sentence += f", while {names(stock_names(against))} moved against the trend"
    return sentence + "."
