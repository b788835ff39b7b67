"""The Chinese prose on the market as a whole, for a Hong Kong reader: the headline, the lead, and
the overview (the indices with their points, range, streaks, records and constituents; breadth;
turnover against the day before), each sentence chosen by rules.py from the figures it states."""

from collections.abc import Sequence
from datetime import date

from pipelines.report import numbers as fmt
from pipelines.report.figures import Breadth, DayFigures, IndexMove, SectorMove, StockMove
from pipelines.report.rules import HIGH_LOW_WEEKS, breadth_ratio, index_direction, is_concentrated
from pipelines.report.zh.sectors import ranked
from pipelines.report.zh.stocks import move_verb, moved
from pipelines.report.zh.words import (
    amount,
    board_name,
    full_date,
    index_short_name,
    long_date,
    named,
    number_word,
    sector_name,
    stock_name,
)


def indexes_together(indexes: Sequence[IndexMove]) -> str:
    directions = {index_direction(i) for i in indexes}
    count = "三大指數" if len(indexes) == 3 else f"{number_word(len(indexes))}大指數"
    return f"{count}{'齊跌' if directions == {-1} else '齊升' if directions == {1} else '個別發展'}"


def index_clause(index: IndexMove) -> str:
    """ "恒指跌614.92點或2.38%，收報25,222.02點（全日最低24,918.84點，最高26,252.47點）"."""
    name = index_short_name(index)
    way = index_direction(index)
    if index.change_pct is None:
        text = f"{name}報{fmt.level(index.close)}點"
    elif way == 0:
        text = f"{name}平收，報{fmt.level(index.close)}點"
    else:
        size = fmt.percent(index.change_pct) if index.change_pct else "不足0.01%"
        text = (
            f"{name}{'跌' if way < 0 else '升'}{fmt.level(abs(index.change_points))}點或{size}，"
            f"收報{fmt.level(index.close)}點"
        )
    if index.low is not None and index.high is not None:
        text += f"（全日最低{fmt.level(index.low)}點，最高{fmt.level(index.high)}點）"
    return text


def indices_sentence(figures: DayFigures) -> str:
    """ "2025年11月21日（星期五），港股三大指數齊跌：恒指跌614.92點或2.38%，……"."""
    clauses = "；".join(index_clause(i) for i in figures.indexes)
    return f"{long_date(figures.trade_date)}，港股{indexes_together(figures.indexes)}：{clauses}。"


def streak_and_record(index: IndexMove, streak: int | None, since: date | None) -> str:
    """ "恒指連跌三日，單日跌幅為2025年4月7日以來最大。" (one of the two facts, or both)."""
    way = "跌" if (index.change_pct or 0) < 0 else "升"
    facts = []
    if streak:
        facts.append(f"連{way}{number_word(abs(streak))}日")
    if since:
        facts.append(f"單日{way}幅為{full_date(since)}以來最大")
    return f"{index_short_name(index)}{'，'.join(facts)}。"


def constituents_sentence(index: IndexMove, best: StockMove, worst: StockMove) -> str:
    """ "恒指88隻成份股中，13隻上升，57隻下跌；國藥控股升幅最大（升2.04%），中芯國際跌幅最大（跌6.39%）。"
    (the two stocks only where both have a Chinese name)."""
    text = (
        f"{index_short_name(index)}{fmt.count(index.constituent_count)}隻成份股中，"
        f"{fmt.count(index.constituents_up)}隻上升，{fmt.count(index.constituents_down)}隻下跌"
    )
    if len(named([best, worst])) < 2:
        return text + "。"
    best_said = ranked(stock_name(best), best.change_pct, True)
    return f"{text}；{best_said}，{ranked(stock_name(worst), worst.change_pct, False)}。"


def breadth_sentence(b: Breadth) -> str:
    """ "全日423隻股份上升，1,886隻下跌，814隻平收，下跌股份數目超過上升股份的四倍（升跌比率0.22）。"."""
    text = f"全日{fmt.count(b.advancers)}隻股份上升，{fmt.count(b.decliners)}隻下跌，{fmt.count(b.unchanged)}隻平收"
    if ratio := breadth_ratio(b):
        many, few = ("下跌", "上升") if ratio.side == "fell" else ("上升", "下跌")
        text += f"，{many}股份數目{'是' if ratio.exact else '超過'}{few}股份的{number_word(ratio.whole)}倍"
    if b.advance_decline_ratio is not None:
        text += f"（升跌比率{b.advance_decline_ratio:.2f}）"
    text += "。"
    if b.new_52_week_highs is not None and b.new_52_week_lows is not None:
        text += (
            f"{fmt.count(b.new_52_week_highs)}隻股份創{HIGH_LOW_WEEKS}周新高，"
            f"{fmt.count(b.new_52_week_lows)}隻創{HIGH_LOW_WEEKS}周新低。"
        )
    return text


def turnover_sentence(figures: DayFigures) -> str:
    """ "大市成交額1,617.43億港元，較上一交易日的1,546.81億港元增加4.57%；成交額最高的十隻股份佔48.5%，成交集中。"."""
    b = figures.breadth
    text = f"大市成交額{amount(b.turnover_hkd)}"
    if b.prev_turnover_hkd is not None and b.turnover_change_pct is not None:
        change = b.turnover_change_pct
        move = "持平" if change == 0 else f"{'減少' if change < 0 else '增加'}{fmt.percent(change)}"
        text += f"，較上一交易日的{amount(b.prev_turnover_hkd)}{move}"
    if figures.top_share_of_turnover_pct is not None:
        share = figures.top_share_of_turnover_pct
        text += f"；成交額最高的十隻股份佔{fmt.percent(share, 1)}{'，成交集中' if is_concentrated(share) else ''}"
    return text + "。"


def headline(parts: Sequence[str]) -> str:
    """The headline of its parts (document.headline says which)."""
    return "港股收市｜" + "，".join(parts)


def headline_index(lead: IndexMove) -> str:
    move = f"{'跌' if lead.change_pct < 0 else '升'}{fmt.percent(lead.change_pct)}" if lead.change_pct else "平收"
    return f"{index_short_name(lead)}{move}"


def headline_sector(sector: SectorMove) -> str:
    return f"{board_name(sector_name(sector))}領{'跌' if sector.change_pct < 0 else '升'}"


def headline_mover(stock: StockMove, market_change: float | None) -> str:
    """Nothing for a stock without a Chinese name (the Chinese prose never names a bare code)."""
    return f"{stock_name(stock)}{moved(stock.change_pct, market_change)}" if stock.name_zh else ""


def headline_against(stock: StockMove) -> str:
    return f"{stock_name(stock)}逆市{'上升' if stock.change_pct > 0 else '下跌'}" if stock.name_zh else ""


def lead_indices(indexes: Sequence[IndexMove]) -> str:
    return f"港股{indexes_together(indexes)}。"


def lead_breadth(b: Breadth) -> str:
    return f"上升股份{fmt.count(b.advancers)}隻，下跌股份{fmt.count(b.decliners)}隻。"


def lead_most_traded(leader: StockMove, against: Sequence[StockMove]) -> str:
    """The most traded stock's move, and those of the next four that went against the market (each
    only with a Chinese name)."""
    if not leader.name_zh:
        return ""
    sentence = f"成交額最高的{stock_name(leader)}{move_verb(leader.change_pct)}"
    sentence += "" if leader.change_pct == 0 else fmt.percent(leader.change_pct)
    if against := named(against):
        sentence += f"，{'、'.join(stock_name(s) for s in against)}則逆市而行"
    return sentence + "。"
