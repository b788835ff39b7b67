"""The Chinese prose on the market as a whole, for a Hong Kong reader: the headline, the lead, and
the overview (the indices with their points, range, streaks, records and constituents; breadth;
turnover against the day before), each sentence chosen by rules.py from the figures it states."""

from pipelines.report import numbers as fmt
from pipelines.report.figures import Breadth, DayFigures, IndexMove
from pipelines.report.rules import (
    HIGH_LOW_WEEKS,
    against_market,
    breadth_ratio,
    headline_subjects,
    index_direction,
    is_concentrated,
    largest_since,
    market_direction,
    streak_to_tell,
)
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


def indexes_together(figures: DayFigures) -> str:
    directions = {index_direction(i) for i in figures.indexes}
    count = "三大指數" if len(figures.indexes) == 3 else f"{number_word(len(figures.indexes))}大指數"
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


def streak_and_record(index: IndexMove) -> str:
    """ "恒指連跌三日，單日跌幅為2025年4月7日以來最大。", where the warehouse holds the days that show it."""
    way = "跌" if (index.change_pct or 0) < 0 else "升"
    facts = []
    if streak := streak_to_tell(index):
        facts.append(f"連{way}{number_word(abs(streak))}日")
    if since := largest_since(index):
        facts.append(f"單日{way}幅為{full_date(since)}以來最大")
    return f"{index_short_name(index)}{'，'.join(facts)}。" if facts else ""


def constituents_sentence(index: IndexMove) -> str:
    """ "恒指88隻成份股中，13隻上升，57隻下跌；國藥控股升幅最大（升2.04%），中芯國際跌幅最大（跌6.39%）。"."""
    best, worst = index.best_constituent, index.worst_constituent
    if not index.constituent_count or best is None or worst is None:
        return ""
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


def overview(figures: DayFigures) -> list[str]:
    paragraphs = []
    if figures.indexes:
        text = (
            f"{long_date(figures.trade_date)}，港股{indexes_together(figures)}："
            + "；".join(index_clause(i) for i in figures.indexes)
            + "。"
        )
        # The streak, the record and the constituents are told of the lead index (the market's move).
        lead = figures.indexes[0]
        paragraphs.append(text + streak_and_record(lead) + constituents_sentence(lead))
    if figures.breadth:
        paragraphs += [breadth_sentence(figures.breadth), turnover_sentence(figures)]
    return paragraphs


def headline(figures: DayFigures) -> str:
    subjects, parts = headline_subjects(figures), []
    if lead := subjects.index:
        move = f"{'跌' if lead.change_pct < 0 else '升'}{fmt.percent(lead.change_pct)}" if lead.change_pct else "平收"
        parts.append(f"{index_short_name(lead)}{move}")
    if sector := subjects.sector:
        parts.append(f"{board_name(sector_name(sector))}領{'跌' if sector.change_pct < 0 else '升'}")
    if (biggest := subjects.biggest_mover) and biggest.name_zh:
        parts.append(f"{stock_name(biggest)}{moved(biggest.change_pct, market_direction(figures))}")
    if (against := subjects.against_trend) and against.name_zh:
        parts.append(f"{stock_name(against)}逆市{'上升' if against.change_pct > 0 else '下跌'}")
    return "港股收市｜" + "，".join(parts)


def lead_paragraph(figures: DayFigures) -> str:
    sentences = []
    if figures.indexes:
        sentences.append(f"港股{indexes_together(figures)}。")
    if b := figures.breadth:
        sentences.append(f"上升股份{fmt.count(b.advancers)}隻，下跌股份{fmt.count(b.decliners)}隻。")
    market_change = market_direction(figures)
    if figures.turnover_top and (leader := figures.turnover_top[0]).name_zh:
        sentence = f"成交額最高的{stock_name(leader)}{move_verb(leader.change_pct)}"
        sentence += "" if leader.change_pct == 0 else fmt.percent(leader.change_pct)
        against = named([s for s in figures.turnover_top[1:5] if against_market(s.change_pct, market_change)])
        if against:
            sentence += f"，{'、'.join(stock_name(s) for s in against)}則逆市而行"
        sentences.append(sentence + "。")
    return "".join(sentences)
