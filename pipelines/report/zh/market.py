"""The Chinese prose on the market, for a Hong Kong reader: the headline, the lead, the overview,
the sectors, the popular stocks, the notable movers and the top ten, each sentence chosen by
rules.py from the figures it states."""

from pipelines.report import numbers as fmt
from pipelines.report.figures import DayFigures, IndexMove, SectorMove, StockMove
from pipelines.report.rules import (
    FAR_OUTSIDE_USUAL,
    HIGH_LOW_WEEKS,
    MIN_TRADED_TO_NAME_SECTOR,
    against_market,
    best_and_worst_sectors,
    breadth_tone,
    direction,
    has_trend,
    headline_subjects,
    is_concentrated,
    market_direction,
    move_size,
)
from pipelines.report.zh.words import (
    amount,
    index_name,
    long_date,
    price,
    sector_name,
    stock_name,
    stock_name_and_code,
)

# Each move size's verb: (when down, when up).
MOVE_VERBS = {
    "plunge": ("急挫", "急升"),
    "sharp": ("大跌", "大升"),
    "normal": ("下跌", "上升"),
    "slight": ("微跌", "微升"),
}
BREADTH_TONES = {
    "weak": "市場普遍下跌，投資者風險胃納疲弱",
    "soft": "跌多於升，市場取態審慎",
    "balanced": "升跌相若，市場方向未明",
    "firm": "升多於跌，市場氣氛向好",
    "strong": "市場普遍上升，投資者風險胃納強勁",
}


def move_verb(change_pct: float) -> str:
    if change_pct == 0:
        return "持平"
    down, up = MOVE_VERBS[move_size(change_pct)]
    return down if change_pct < 0 else up


def stock_move(stock: StockMove, market_change: float | None) -> str:
    if stock.change_pct == 0:
        return f"{stock_name(stock)}持平"
    against = "逆市" if against_market(stock.change_pct, market_change) else ""
    return f"{stock_name(stock)}{against}{move_verb(stock.change_pct)}{fmt.percent(stock.change_pct)}"


def with_note(sentence: str, stock: StockMove) -> str:
    """The editor's Chinese note follows the sentence as a remark; a note given in English only is
    left out, so no English reaches a Chinese sentence."""
    return f"{sentence}（編輯按：{stock.note_zh}）" if stock.note_zh else sentence


def index_clause(index: IndexMove) -> str:
    if not index.change_pct:
        return f"{index_name(index)}報{fmt.level(index.close)}點"
    verb = "跌" if index.change_pct < 0 else "升"
    return f"{index_name(index)}{verb}{fmt.percent(index.change_pct)}，報{fmt.level(index.close)}點"


def overview(figures: DayFigures) -> list[str]:
    paragraphs = []
    if figures.indexes:
        directions = {direction(i.change_pct) for i in figures.indexes}
        together = "三大指數齊跌" if directions == {-1} else "三大指數齊升" if directions == {1} else "三大指數個別發展"
        paragraphs.append(
            f"{long_date(figures.trade_date)}，港股{together}："
            + "；".join(index_clause(i) for i in figures.indexes)
            + "。"
        )
    if figures.breadth:
        b = figures.breadth
        text = (
            f"全日{fmt.count(b.advancers)}隻股份上升，{fmt.count(b.decliners)}隻下跌，{fmt.count(b.unchanged)}隻平收，"
            f"{BREADTH_TONES[breadth_tone(b)]}"
        )
        if b.advance_decline_ratio is not None:
            text += f"（升跌比率{b.advance_decline_ratio:.2f}）"
        text += "。"
        if b.new_52_week_highs is not None and b.new_52_week_lows is not None:
            text += (
                f"{fmt.count(b.new_52_week_highs)}隻股份創{HIGH_LOW_WEEKS}周新高，"
                f"{fmt.count(b.new_52_week_lows)}隻創{HIGH_LOW_WEEKS}周新低。"
            )
        paragraphs.append(text)
        if figures.top_share_of_turnover_pct is not None:
            concentrated = "，成交集中" if is_concentrated(figures.top_share_of_turnover_pct) else ""
            paragraphs.append(
                f"大市成交額{amount(b.turnover_hkd)}，成交額最高的十隻股份佔"
                f"{fmt.percent(figures.top_share_of_turnover_pct, 1)}{concentrated}。"
            )
    return paragraphs


def leaders_sentence(leaders: list[StockMove], market_change: float | None) -> str:
    """The leader's move and turnover, then the other leaders' moves."""
    if not leaders:
        return ""
    leader, others = leaders[0], leaders[1:]
    text = with_note(f"{stock_move(leader, market_change)}，成交額{amount(leader.turnover_hkd)}", leader) + "。"
    if others:
        text += "；".join(with_note(stock_move(s, market_change), s) for s in others) + "。"
    return text


def weighted_move(change_pct: float) -> str:
    verb = "下跌" if change_pct < 0 else "上升" if change_pct > 0 else "持平"
    return f"按成交額加權{verb}{fmt.percent(change_pct) if change_pct else ''}"


def sector_paragraph(sector: SectorMove, market_change: float | None) -> str:
    """The sector's weighted move and breadth; then its named sub-sectors with their leaders, or,
    without any, the sector's own leaders."""
    text = (
        f"{sector_name(sector)}板塊{weighted_move(sector.change_pct)}，"
        f"{fmt.count(sector.traded_count)}隻有成交的股份中{fmt.count(sector.advancers)}隻上升，"
        f"{fmt.count(sector.decliners)}隻下跌。"
    )
    if not sector.sub_sectors:
        return text + leaders_sentence(sector.leaders, market_change)
    for i, sub_sector in enumerate(sector.sub_sectors):
        within = "當中" if i == 0 else "另外"
        text += f"{within}{sub_sector.sub_sector_zh}股{weighted_move(sub_sector.change_pct)}："
        text += leaders_sentence(sub_sector.leaders, market_change)
    return text


def sectors_across(figures: DayFigures) -> str | None:
    """Which sector led and which lagged, over every sector that may be named."""
    if (extremes := best_and_worst_sectors(figures)) is None:
        return None
    best, worst = extremes
    best_verb = "升" if best.change_pct >= 0 else "跌"
    worst_verb = "升" if worst.change_pct >= 0 else "跌"
    return (
        f"在最少{MIN_TRADED_TO_NAME_SECTOR}隻股份有成交的板塊中，"
        f"{sector_name(best)}表現最好（{best_verb}{fmt.percent(best.change_pct)}），"
        f"{sector_name(worst)}表現最差（{worst_verb}{fmt.percent(worst.change_pct)}）。"
    )


def popular_paragraph(stock: StockMove, market_change: float | None) -> str:
    return (
        with_note(
            f"{stock_name_and_code(stock)}"
            f"{stock_move(stock, market_change).removeprefix(stock_name(stock))}，"
            f"成交額{amount(stock.turnover_hkd)}",
            stock,
        )
        + "。"
    )


def notable_movers(figures: DayFigures) -> list[str]:
    market_change = market_direction(figures)
    lines = []
    for stock in (*figures.notable_gainers[:3], *figures.notable_losers[:3]):
        move = stock_move(stock, market_change).removeprefix(stock_name(stock))
        text = f"{stock_name_and_code(stock)}{move}"
        if stock.times_usual_move is not None and stock.usual_move_pct and stock.times_usual_move >= FAR_OUTSIDE_USUAL:
            text += f"，為其平日波幅{fmt.percent(stock.usual_move_pct)}的{stock.times_usual_move:.1f}倍，遠超常態"
        lines.append(with_note(text + f"，成交額{amount(stock.turnover_hkd)}", stock) + "。")
    return lines


def top_line(stock: StockMove) -> str:
    move = (
        "持平" if stock.change_pct == 0 else f"{'跌' if stock.change_pct < 0 else '升'}{fmt.percent(stock.change_pct)}"
    )
    short = f"，沽空比率{fmt.percent(stock.short_ratio_pct, 1)}" if stock.short_ratio_pct is not None else ""
    return (
        f"{stock_name_and_code(stock)}收報{price(stock.close, stock.currency)}，"
        f"{move}，成交額{amount(stock.turnover_hkd)}{short}"
    )


def headline(figures: DayFigures) -> str:
    subjects, parts = headline_subjects(figures), []
    if lead := subjects.index:
        move = f"{'跌' if lead.change_pct < 0 else '升'}{fmt.percent(lead.change_pct)}" if lead.change_pct else "持平"
        parts.append(f"{index_name(lead)}{move}")
    if sector := subjects.sector:
        parts.append(f"{sector_name(sector)}板塊領{'跌' if subjects.index.change_pct < 0 else '升'}")
    if biggest := subjects.biggest_mover:
        parts.append(f"{stock_name(biggest)}{move_verb(biggest.change_pct)}{fmt.percent(biggest.change_pct)}")
    if against := subjects.against_trend:
        parts.append(f"{stock_name(against)}逆市{'上升' if against.change_pct > 0 else '下跌'}")
    return "港股收市｜" + "，".join(parts)


def lead_paragraph(figures: DayFigures) -> str:
    sentences = []
    if figures.breadth:
        sentences.append(BREADTH_TONES[breadth_tone(figures.breadth)] + "。")
    if figures.turnover_top:
        leader = figures.turnover_top[0]
        sentences.append(f"{stock_name(leader)}成交額最高，{move_verb(leader.change_pct)}。")
    market_change = market_direction(figures)
    if has_trend(market_change):
        against = [stock_name(s) for s in figures.turnover_top[:5] if against_market(s.change_pct, market_change)]
        if against:
            sentences.append("、".join(against) + "逆市而行。")
    return "".join(sentences)
