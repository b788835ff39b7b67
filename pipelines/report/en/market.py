"""The English prose on the market: the headline, the lead, the overview, the sectors, the popular
stocks, the notable movers and the top ten, each sentence chosen by rules.py from the figures it states."""

from collections.abc import Sequence

from pipelines.report import numbers as fmt
from pipelines.report.en.words import amount, capitalized, joined, long_date, names, price
from pipelines.report.figures import DayFigures, IndexMove, SectorMove, StockMove, SubSectorMove
from pipelines.report.rules import (
    FAR_OUTSIDE_USUAL,
    HIGH_LOW_WEEKS,
    MIN_TRADED_TO_NAME_SECTOR,
    against_market,
    best_and_worst_sectors,
    breadth_tone,
    direction,
    headline_subjects,
    is_concentrated,
    market_direction,
    move_size,
    sector_tone,
)

# Each move size's verb: (when down, when up).
MOVE_VERBS = {
    "plunge": ("plummeted", "soared"),
    "sharp": ("fell sharply", "jumped"),
    "normal": ("fell", "rose"),
    "slight": ("edged down", "edged up"),
}


def in_sentence(sector: str) -> str:
    """A sector's name inside a sentence: lower case, but for acronyms (REITs)."""
    return sector if sector[:2].isupper() else sector.lower()


def move_verb(change_pct: float) -> str:
    """ "fell sharply", "edged up", ... for a % move (zero: "was unchanged")."""
    if change_pct == 0:
        return "was unchanged"
    down, up = MOVE_VERBS[move_size(change_pct)]
    return down if change_pct < 0 else up


def stock_move(stock: StockMove, market_change: float | None) -> str:
    """ "Alibaba-W fell sharply by 4.65%", "Xiaomi Group-W rose against the trend by 1.01%"."""
    verb = move_verb(stock.change_pct)
    if stock.change_pct == 0:
        return f"{stock.name} {verb}"
    against = against_market(stock.change_pct, market_change)
    return f"{stock.name} {verb}{' against the trend' if against else ''} by {fmt.percent(stock.change_pct)}"


def with_note(sentence: str, stock: StockMove) -> str:
    """Weave the editor's note into the sentence about the stock."""
    return f"{sentence}, as the company {stock.note}" if stock.note else sentence


def indexes_together(indexes: Sequence[IndexMove]) -> str:
    """ "the three major indices of the Hong Kong stock market collectively declined"."""
    directions = {direction(i.change_pct) for i in indexes}
    count = {1: "the", 2: "both", 3: "the three major"}.get(len(indexes), f"the {len(indexes)}")
    noun = "index" if len(indexes) == 1 else "indices"
    if directions == {-1}:
        return f"{count} {noun} of the Hong Kong stock market collectively declined"
    if directions == {1}:
        return f"{count} {noun} of the Hong Kong stock market collectively rose"
    return f"{count} {noun} of the Hong Kong stock market were mixed"


def index_clause(index: IndexMove) -> str:
    if index.change_pct is None:
        return f"the {index.name} closing at {fmt.level(index.close)} points"
    if index.change_pct == 0:
        return f"the {index.name} unchanged at {fmt.level(index.close)} points"
    verb = "falling" if index.change_pct < 0 else "rising"
    return f"the {index.name} {verb} by {fmt.percent(index.change_pct)} to {fmt.level(index.close)} points"


# (word for breadth, what it reflects) by the advance/decline balance.
BREADTH_TONES = {
    "weak": "a broad retreat and weak risk appetite",
    "soft": "more stocks falling than rising, a cautious market",
    "balanced": "a market without a clear direction",
    "firm": "more stocks rising than falling, a constructive market",
    "strong": "a broad advance and strong risk appetite",
}


def overview(figures: DayFigures) -> list[str]:
    paragraphs = []
    if figures.indexes:
        clauses = [index_clause(i) for i in figures.indexes]
        text = f"On {long_date(figures.trade_date)}, {indexes_together(figures.indexes)}, with {joined(clauses)}."
        moved = [i for i in figures.indexes if i.change_pct]
        if len(moved) > 1:
            most = max(moved, key=lambda i: abs(i.change_pct))
            text += f" The {most.name} {'fell' if most.change_pct < 0 else 'rose'} the most."
        paragraphs.append(text)
    if figures.breadth:
        b = figures.breadth
        text = (
            f"Overall, {fmt.count(b.advancers)} stocks rose, {fmt.count(b.decliners)} fell and "
            f"{fmt.count(b.unchanged)} closed flat, reflecting {BREADTH_TONES[breadth_tone(b)]}"
        )
        if b.advance_decline_ratio is not None:
            text += f" (an advance/decline ratio of {b.advance_decline_ratio:.2f})"
        text += "."
        if b.new_52_week_highs is not None and b.new_52_week_lows is not None:
            text += (
                f" {fmt.count(b.new_52_week_highs)} stocks closed at a {HIGH_LOW_WEEKS}-week high and "
                f"{fmt.count(b.new_52_week_lows)} at a {HIGH_LOW_WEEKS}-week low."
            )
        paragraphs.append(text)
    if figures.breadth and figures.top_share_of_turnover_pct is not None:
        paragraphs.append(
            f"Market turnover was {amount(figures.breadth.turnover_hkd)}; the ten most traded stocks "
            f"took {fmt.percent(figures.top_share_of_turnover_pct, 1)} of it"
            f"{', a concentrated market' if is_concentrated(figures.top_share_of_turnover_pct) else ''}."
        )
    return paragraphs


SECTOR_TONES = {
    "weak": "was weak",
    "declined": "declined",
    "flat": "was little changed",
    "advanced": "advanced",
    "strong": "was strong",
}


def leaders_sentences(
    leaders: Sequence[StockMove], group_change: float, group: str, market_change: float | None
) -> str:
    """The leader's move and turnover, the other leaders' moves, and who moved against the group."""
    if not leaders:
        return ""
    leader, others = leaders[0], leaders[1:]
    text = with_note(f"{stock_move(leader, market_change)}, with turnover of {amount(leader.turnover_hkd)}", leader)
    if others:
        text += "; " + ", and ".join(with_note(stock_move(s, market_change), s) for s in others)
    text += "."
    divergent = [s for s in leaders if direction(s.change_pct) * direction(group_change) < 0]
    if divergent:
        movers = names([s.name for s in divergent])
        text += f" {movers} moved against {'its' if len(divergent) == 1 else 'their'} {group}."
    return text


def weighted_move(change_pct: float) -> str:
    if change_pct == 0:
        return "flat on a turnover-weighted basis"
    return f"{'down' if change_pct < 0 else 'up'} {fmt.percent(change_pct)} on a turnover-weighted basis"


def sub_sector_sentence(sub_sector: SubSectorMove, market_change: float | None, first: bool) -> str:
    """ "Within it, retail names fell (down 3.95% ...). Alibaba-W fell sharply by 4.65%, ..."."""
    within = "Within it" if first else "Also within it"
    verb = "were unchanged" if sub_sector.change_pct == 0 else move_verb(sub_sector.change_pct)
    text = f"{within}, {in_sentence(sub_sector.sub_sector)} names {verb} ({weighted_move(sub_sector.change_pct)})"
    leaders = leaders_sentences(sub_sector.leaders, sub_sector.change_pct, "peers", market_change)
    return f"{text}. {leaders}".rstrip()


def sector_paragraph(sector: SectorMove, market_change: float | None) -> str:
    """The sector's weighted move and breadth; then its named sub-sectors with their leaders, or,
    without any, the sector's own leaders."""
    if sector.change_pct == 0:
        moved = f"was {weighted_move(0)}"
    else:
        moved = f"{SECTOR_TONES[sector_tone(sector.change_pct)]}, {weighted_move(sector.change_pct)}"
    text = (
        f"The {in_sentence(sector.sector)} sector {moved}, with "
        f"{fmt.count(sector.advancers)} of its {fmt.count(sector.traded_count)} traded stocks up and "
        f"{fmt.count(sector.decliners)} down."
    )
    if sector.sub_sectors:
        sentences = (sub_sector_sentence(s, market_change, i == 0) for i, s in enumerate(sector.sub_sectors))
        return " ".join([text, *sentences])
    leaders = leaders_sentences(sector.leaders, sector.change_pct, "sector", market_change)
    return f"{text} {leaders}".rstrip()


def popular_paragraph(stock: StockMove, market_change: float | None) -> str:
    return (
        with_note(
            f"{stock.name} ({fmt.stock_code(stock.code)}) {move_verb(stock.change_pct)}"
            f"{'' if stock.change_pct == 0 else ' by ' + fmt.percent(stock.change_pct)}"
            f"{' against the market' if against_market(stock.change_pct, market_change) else ''}, "
            f"with turnover of {amount(stock.turnover_hkd)}",
            stock,
        )
        + "."
    )


def top_line(stock: StockMove) -> str:
    """ "Alibaba-W (9988.HK) closing price HKD 147.60, down 4.65%, turnover HKD 20.975 billion"."""
    if stock.change_pct == 0:
        move = "unchanged"
    else:
        move = f"{'down' if stock.change_pct < 0 else 'up'} {fmt.percent(stock.change_pct)}"
    short = (
        f", short selling {fmt.percent(stock.short_ratio_pct, 1)} of it" if stock.short_ratio_pct is not None else ""
    )
    return (
        f"{stock.name} ({fmt.stock_code(stock.code)}) closing price {price(stock.close, stock.currency)}, "
        f"{move}, turnover {amount(stock.turnover_hkd)}{short}"
    )


def headline(figures: DayFigures) -> str:
    """Index move, the sector that led it, the biggest mover and a stock against the trend."""
    subjects, parts = headline_subjects(figures), []
    if lead := subjects.index:
        verb = "was flat" if lead.change_pct == 0 else "fell" if lead.change_pct < 0 else "rose"
        parts.append(f"{lead.name} {verb}{'' if lead.change_pct == 0 else ' ' + fmt.percent(lead.change_pct)}")
    if sector := subjects.sector:
        parts.append(f"{sector.sector} led the {'decline' if subjects.index.change_pct < 0 else 'gains'}")
    if biggest := subjects.biggest_mover:
        parts.append(f"{biggest.name} {move_verb(biggest.change_pct)} {fmt.percent(biggest.change_pct)}")
    if against := subjects.against_trend:
        parts.append(f"{against.name} {'rose' if against.change_pct > 0 else 'fell'} against the trend")
    return "Hong Kong stock market closing | " + ", ".join(parts)


def lead_paragraph(figures: DayFigures) -> str:
    """One sentence on the indices, one on breadth, one on the most traded names."""
    sentences = []
    if figures.indexes:
        sentences.append(capitalized(indexes_together(figures.indexes)) + ".")
    if figures.breadth:
        sentences.append(f"Breadth was {breadth_tone(figures.breadth)}.")
    market_change = market_direction(figures)
    against = [s.name for s in figures.turnover_top[:5] if against_market(s.change_pct, market_change)]
    if figures.turnover_top:
        leader = figures.turnover_top[0]
        sentence = f"{leader.name} was the most traded stock and {move_verb(leader.change_pct)}"
        if against:
            sentence += f", while {names(against)} moved against the market"
        sentences.append(sentence + ".")
    return " ".join(sentences)


def sectors_across(figures: DayFigures) -> str | None:
    """Which sector led and which lagged, over every sector that may be named."""
    if (extremes := best_and_worst_sectors(figures)) is None:
        return None
    best, worst = extremes
    return (
        f"Across sectors with at least {MIN_TRADED_TO_NAME_SECTOR} traded stocks, {in_sentence(best.sector)} led "
        f"({'up' if best.change_pct >= 0 else 'down'} {fmt.percent(best.change_pct)}) and "
        f"{in_sentence(worst.sector)} lagged "
        f"({'up' if worst.change_pct >= 0 else 'down'} {fmt.percent(worst.change_pct)})."
    )


def notable_mover(stock: StockMove, market_change: float | None) -> str:
    """A big mover, and how far outside its usual range it went."""
    sentence = (
        f"{stock.name} ({fmt.stock_code(stock.code)}) {move_verb(stock.change_pct)} by {fmt.percent(stock.change_pct)}"
    )
    if against_market(stock.change_pct, market_change):
        sentence += " against the market"
    if stock.times_usual_move is not None and stock.usual_move_pct and stock.times_usual_move >= FAR_OUTSIDE_USUAL:
        sentence += (
            f", {stock.times_usual_move:.1f} times its usual daily move of "
            f"{fmt.percent(stock.usual_move_pct)}, far outside its range"
        )
    return with_note(sentence + f", with turnover of {amount(stock.turnover_hkd)}", stock) + "."


def notable_movers(figures: DayFigures) -> list[str]:
    market_change = market_direction(figures)
    return [notable_mover(s, market_change) for s in (*figures.notable_gainers[:3], *figures.notable_losers[:3])]
