"""Prose from rules: every sentence is chosen by the direction and size of the figures it states."""

from collections.abc import Sequence

from pipelines.report import formatting as fmt
from pipelines.report.figures import Breadth, DayFigures, IndexMove, MacroFigure, SectorMove, StockMove

# (smallest absolute % move, verb when down, verb when up), largest first.
MOVE_VERBS: tuple[tuple[float, str, str], ...] = (
    (5.0, "plummeted", "soared"),
    (3.0, "fell sharply", "jumped"),
    (1.0, "fell", "rose"),
    (0.0, "edged down", "edged up"),
)


# The market has a trend to go against only when the lead index moved at least this much.
TREND_THRESHOLD_PCT = 0.5


def direction(change: float | None) -> int:
    if change is None or change == 0:
        return 0
    return 1 if change > 0 else -1


def move_verb(change_pct: float) -> str:
    """"fell sharply", "edged up", ... for a % move (zero: "was unchanged")."""
    if change_pct == 0:
        return "was unchanged"
    for floor, down, up in MOVE_VERBS:
        if abs(change_pct) >= floor:
            return down if change_pct < 0 else up
    raise AssertionError("unreachable: the last floor is zero")


def stock_move(stock: StockMove, market_change: float | None) -> str:
    """"Alibaba-W fell sharply by 4.65%", "Xiaomi Group-W rose against the trend by 1.01%"."""
    verb = move_verb(stock.change_pct)
    if stock.change_pct == 0:
        return f"{stock.name} {verb}"
    against = against_market(stock.change_pct, market_change)
    return f"{stock.name} {verb}{' against the trend' if against else ''} by {fmt.percent(stock.change_pct)}"


def with_note(sentence: str, stock: StockMove) -> str:
    """Weave the editor's note into the sentence about the stock."""
    return f"{sentence}, as the company {stock.note}" if stock.note else sentence


def joined(parts: Sequence[str]) -> str:
    """a; b; and c."""
    if len(parts) <= 1:
        return "".join(parts)
    return "; ".join(parts[:-1]) + "; and " + parts[-1]


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def market_direction(figures: DayFigures) -> float | None:
    """The market's move: the first index's (the Hang Seng Index in the report's order)."""
    return figures.indexes[0].change_pct if figures.indexes else None


def against_market(change_pct: float, market_change: float | None) -> bool:
    """A stock moved against a market that had a trend."""
    if market_change is None or abs(market_change) < TREND_THRESHOLD_PCT:
        return False
    return direction(change_pct) * direction(market_change) < 0


def names(items: Sequence[str]) -> str:
    """a, b and c."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def indexes_together(indexes: Sequence[IndexMove]) -> str:
    """"the three major indices of the Hong Kong stock market collectively declined"."""
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


# The top ten's share of turnover above which the day's trading reads as concentrated.
CONCENTRATED_TOP_SHARE_PCT = 40.0
# A move this many times a stock's usual daily move is far outside its range.
FAR_OUTSIDE_USUAL = 3.0

# The PMI's line between expansion and contraction, and the span of the highs and lows counted.
PMI_EXPANSION_LINE = 50
HIGH_LOW_WEEKS = 52
RULE_NUMBERS = {
    "pmi_expansion_line": PMI_EXPANSION_LINE,
    "high_low_weeks": HIGH_LOW_WEEKS,
    "trend_threshold_pct": TREND_THRESHOLD_PCT,
    "concentrated_top_share_pct": CONCENTRATED_TOP_SHARE_PCT,
    "far_outside_usual_multiple": FAR_OUTSIDE_USUAL,
}

# (word for breadth, what it reflects) by the advance/decline balance.
BREADTH_TONES = {
    "weak": "a broad retreat and weak risk appetite",
    "soft": "more stocks falling than rising, a cautious market",
    "balanced": "a market without a clear direction",
    "firm": "more stocks rising than falling, a constructive market",
    "strong": "a broad advance and strong risk appetite",
}


def breadth_tone(breadth: Breadth) -> str:
    """weak, soft, balanced, firm or strong, by how far one side outnumbers the other."""
    if breadth.decliners >= 2 * max(breadth.advancers, 1):
        return "weak"
    if breadth.decliners > 1.25 * breadth.advancers:
        return "soft"
    if breadth.advancers >= 2 * max(breadth.decliners, 1):
        return "strong"
    if breadth.advancers > 1.25 * breadth.decliners:
        return "firm"
    return "balanced"


def overview(figures: DayFigures) -> list[str]:
    paragraphs = []
    if figures.indexes:
        clauses = [index_clause(i) for i in figures.indexes]
        text = f"On {fmt.long_date(figures.trade_date)}, {indexes_together(figures.indexes)}, with {joined(clauses)}."
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
            f"Market turnover was {fmt.amount_hkd(figures.breadth.turnover_hkd)}; the ten most traded stocks "
            f"took {fmt.percent(figures.top_share_of_turnover_pct, 1)} of it"
            f"{', a concentrated market' if figures.top_share_of_turnover_pct >= CONCENTRATED_TOP_SHARE_PCT else ''}."
        )
    return paragraphs


def sector_tone(sector: SectorMove) -> str:
    if sector.change_pct <= -3:
        return "was weak"
    if sector.change_pct < -0.5:
        return "declined"
    if sector.change_pct < 0.5:
        return "was little changed"
    if sector.change_pct < 3:
        return "advanced"
    return "was strong"


def sector_paragraph(sector: SectorMove, market_change: float | None) -> str:
    """The sector's weighted move and breadth, its leader with turnover, the other leaders."""
    if sector.change_pct == 0:
        weighted = "was flat on a turnover-weighted basis"
    else:
        weighted = (
            f"{sector_tone(sector)}, {'down' if sector.change_pct < 0 else 'up'} "
            f"{fmt.percent(sector.change_pct)} on a turnover-weighted basis"
        )
    text = (
        f"The {sector.sector.lower()} sector {weighted}, with {fmt.count(sector.advancers)} stocks up "
        f"and {fmt.count(sector.decliners)} down."
    )
    if not sector.leaders:
        return text
    leader, others = sector.leaders[0], sector.leaders[1:]
    text += " " + with_note(
        f"{stock_move(leader, market_change)}, with turnover of {fmt.amount_hkd(leader.turnover_hkd)}", leader
    ) + "."
    if others:
        text += " " + ", and ".join(with_note(stock_move(s, market_change), s) for s in others) + "."
    divergent = [s for s in sector.leaders if direction(s.change_pct) * direction(sector.change_pct) < 0]
    if divergent:
        movers = names([s.name for s in divergent])
        text += f" {movers} moved against {'its' if len(divergent) == 1 else 'their'} sector."
    return text


MACRO_SENTENCES = {
    "unemployment_rate": "The three-month unemployment rate {moved} ({period}){reading}.",
    "pmi": "The manufacturing PMI {moved} ({period}), {side} the {line} line between expansion and contraction.",
    "m3_yoy": "M3 money supply grew {value} year on year ({period}){prior}.",
    "retail_sales_yoy": "Retail sales value {grew} {value_abs} year on year ({period}){prior}.",
    "exports_yoy": "Total exports {grew} {value_abs} year on year ({period}){prior}.",
    "trade_balance": "The visible trade balance showed a {balance} of HKD {value_abs_number} billion ({period}).",
}


def macro_value(figure: MacroFigure, value: float) -> str:
    if figure.unit == "%":
        return fmt.signed_percent(value, 1)
    return f"{value:,.1f}"


def macro_moved(figure: MacroFigure) -> str:
    value = macro_value(figure, figure.value)
    if figure.prior_value is None:
        return f"stood at {value}"
    prior = macro_value(figure, figure.prior_value)
    if figure.value == figure.prior_value:
        return f"held at {value}"
    return f"{'rose' if figure.value > figure.prior_value else 'fell'} to {value} from {prior}"


def macro_sentence(figure: MacroFigure) -> str:
    template = MACRO_SENTENCES.get(figure.indicator)
    period = fmt.month(figure.period)
    if template is None:
        return f"{figure.label} {macro_moved(figure)} {figure.unit} ({period})."
    prior = f", after {macro_value(figure, figure.prior_value)}" if figure.prior_value is not None else ""
    reading = ""
    if figure.indicator == "unemployment_rate" and figure.prior_value is not None:
        if figure.value < figure.prior_value:
            reading = ", a firmer job market"
        elif figure.value > figure.prior_value:
            reading = ", a softer job market"
    return template.format(
        moved=macro_moved(figure),
        period=period,
        reading=reading,
        side="above" if figure.value > PMI_EXPANSION_LINE else "below" if figure.value < PMI_EXPANSION_LINE else "on",
        line=PMI_EXPANSION_LINE,
        value=macro_value(figure, figure.value),
        value_abs=fmt.percent(figure.value, 1),
        value_abs_number=f"{abs(figure.value):,.1f}",
        grew="grew" if figure.value >= 0 else "fell",
        balance="deficit" if figure.value < 0 else "surplus",
        prior=prior,
    )


def macro_paragraphs(figures: DayFigures) -> list[str]:
    return [macro_sentence(m) for m in figures.macro]


def popular_paragraph(stock: StockMove, market_change: float | None) -> str:
    return (
        with_note(
            f"{stock.name} ({fmt.stock_code(stock.code)}) {move_verb(stock.change_pct)}"
            f"{'' if stock.change_pct == 0 else ' by ' + fmt.percent(stock.change_pct)}"
            f"{' against the market' if against_market(stock.change_pct, market_change) else ''}, "
            f"with turnover of {fmt.amount_hkd(stock.turnover_hkd)}",
            stock,
        )
        + "."
    )


def top_line(stock: StockMove) -> str:
    """"Alibaba-W (9988.HK) closing price HKD 147.60, down 4.65%, turnover HKD 20.975 billion"."""
    if stock.change_pct == 0:
        move = "unchanged"
    else:
        move = f"{'down' if stock.change_pct < 0 else 'up'} {fmt.percent(stock.change_pct)}"
    return (
        f"{stock.name} ({fmt.stock_code(stock.code)}) closing price {fmt.price(stock.close, stock.currency)}, "
        f"{move}, turnover {fmt.amount_hkd(stock.turnover_hkd)}"
    )


def headline(figures: DayFigures) -> str:
    """Index move, the sector that led it, the biggest mover and a stock against the trend."""
    parts = []
    market_change = market_direction(figures)
    if figures.indexes and market_change is not None:
        lead = figures.indexes[0]
        verb = "was flat" if market_change == 0 else "fell" if market_change < 0 else "rose"
        parts.append(f"{lead.name} {verb}{'' if market_change == 0 else ' ' + fmt.percent(market_change)}")
    if figures.featured_sectors and market_change is not None and abs(market_change) >= TREND_THRESHOLD_PCT:
        pick = min if market_change < 0 else max
        sector = pick(figures.featured_sectors, key=lambda s: s.change_pct)
        parts.append(f"{sector.sector} led the {'decline' if market_change < 0 else 'gains'}")
    top = figures.turnover_top[:3]
    if top:
        biggest = max(top, key=lambda s: abs(s.change_pct))
        parts.append(f"{biggest.name} {move_verb(biggest.change_pct)} {fmt.percent(biggest.change_pct)}")
        against = [s for s in top if against_market(s.change_pct, market_change)]
        if against:
            parts.append(f"{against[0].name} {'rose' if against[0].change_pct > 0 else 'fell'} against the trend")
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
    """Which sector led and which lagged, over every sector."""
    if len(figures.all_sectors) < 2:
        return None
    best, worst = figures.all_sectors[0], figures.all_sectors[-1]
    return (
        f"Across all sectors, {best.sector.lower()} led "
        f"({'up' if best.change_pct >= 0 else 'down'} {fmt.percent(best.change_pct)}) and "
        f"{worst.sector.lower()} lagged ({'up' if worst.change_pct >= 0 else 'down'} {fmt.percent(worst.change_pct)})."
    )


def notable_mover(stock: StockMove, market_change: float | None) -> str:
    """A big mover, and how far outside its usual range it went."""
    sentence = f"{stock.name} ({fmt.stock_code(stock.code)}) {move_verb(stock.change_pct)} by {fmt.percent(stock.change_pct)}"
    if against_market(stock.change_pct, market_change):
        sentence += " against the market"
    if stock.times_usual_move is not None and stock.usual_move_pct:
        if stock.times_usual_move >= FAR_OUTSIDE_USUAL:
            sentence += (
                f", {stock.times_usual_move:.1f} times its usual daily move of "
                f"{fmt.percent(stock.usual_move_pct)}, far outside its range"
            )
    return with_note(sentence + f", with turnover of {fmt.amount_hkd(stock.turnover_hkd)}", stock) + "."


def notable_movers(figures: DayFigures) -> list[str]:
    market_change = market_direction(figures)
    return [notable_mover(s, market_change) for s in (*figures.notable_gainers[:3], *figures.notable_losers[:3])]
