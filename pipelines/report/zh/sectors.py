"""The Chinese prose on sectors, for a Hong Kong reader: each featured sector's move, measured as
marts.sector_daily measures it, with its sub-sectors or its leaders, and which sector moved most
and least."""

from pipelines.report import numbers as fmt
from pipelines.report.figures import SectorMove, SubSectorMove
from pipelines.report.rules import (
    MIN_TRADED_TO_NAME_SECTOR,
    can_name_sector,
    is_dominated,
    ranked_move,
)
from pipelines.report.zh.stocks import stock_moves, stocks_sentence
from pipelines.report.zh.words import MEASURES, board_name, named, number_word, sector_name

PEERS_NAMED = 2  # the other stocks named beside a stock whose sub-sector is too small to have a move


def signed_move(change_pct: float) -> str:
    """ "跌1.04%", "升0.32%", "平收"."""
    return "平收" if change_pct == 0 else f"{'跌' if change_pct < 0 else '升'}{fmt.percent(change_pct)}"


def moved(change_pct: float) -> str:
    """ "下跌1.04%", "上升0.32%", "持平"."""
    return "持平" if change_pct == 0 else f"{'下跌' if change_pct < 0 else '上升'}{fmt.percent(change_pct)}"


def how_measured(sector: SectorMove | SubSectorMove) -> str:
    """ "按其199家有成交公司變幅的中位數計", or the published index, or the weighting."""
    text = MEASURES[sector.change_measure].format(count=fmt.count(sector.traded_count))
    if isinstance(sector, SectorMove) and is_dominated(sector):
        text += f"；{sector.heaviest_name_zh or sector.heaviest_name}佔其市值{sector.heaviest_weight_pct:.0f}%"
    return text


def sector_paragraph(sector: SectorMove, market_change: float | None) -> str:
    """ "非必需性消費板塊下跌1.04%（按其199家有成交公司變幅的中位數計），38家公司上升，145家下跌。"
    then its sub-sectors, or its own leaders."""
    text = (
        f"{board_name(sector_name(sector))}{moved(sector.change_pct)}（{how_measured(sector)}），"
        f"{fmt.count(sector.advancers)}家公司上升，{fmt.count(sector.decliners)}家下跌。"
    )
    if not sector.sub_sectors:
        return text + stocks_sentence(sector.leaders, market_change)
    with_moves = [s for s in sector.sub_sectors if can_name_sector(s)]
    return text + "".join(
        sub_sector_sentences(s, market_change, first=bool(with_moves) and s is with_moves[0])
        for s in sector.sub_sectors
    )


def sub_sector_sentences(sub_sector: SubSectorMove, market_change: float | None, first: bool) -> str:
    """A sub-sector with enough companies: its move, then its leaders. One with too few: its
    leading stock and its peers, with no move of the sub-sector's own."""
    if can_name_sector(sub_sector):
        within = "當中" if first else "另外，"
        head = f"{within}{sub_sector.sub_sector_zh}股{moved(sub_sector.change_pct)}（{how_measured(sub_sector)}）："
        return head + stocks_sentence(sub_sector.leaders, market_change)
    leaders = named(sub_sector.leaders)
    if not leaders:
        return ""
    text = stocks_sentence(leaders[:1], market_change)
    moves, notes = stock_moves(leaders[1 : 1 + PEERS_NAMED], market_change)
    if moves:
        text += f"同屬{sub_sector.sub_sector_zh}股的{'，'.join(moves)}。{notes}"
    return text


RANKED = {
    "rose_most": "升幅最大",
    "fell_least": "跌幅最少",
    "fell_most": "跌幅最大",
    "rose_least": "升幅最少",
}


def ranked(name: str, change_pct: float, top: bool) -> str:
    """ "資訊科技業跌幅最大（跌1.56%）"; unchanged, "綜合企業持平，表現最好"."""
    move = ranked_move(change_pct, top)
    if move == "flat":
        return f"{name}持平，表現{'最好' if top else '最差'}"
    return f"{name}{RANKED[move]}（{signed_move(change_pct)}）"


def sectors_across(best: SectorMove, worst: SectorMove) -> str:
    """ "在最少三家公司有成交的行業板塊中，工業跌幅最大（跌1.42%），電訊業跌幅最少（跌0.32%）。"."""
    return (
        f"在最少{number_word(MIN_TRADED_TO_NAME_SECTOR)}家公司有成交的行業板塊中，"
        f"{ranked(sector_name(worst), worst.change_pct, top=False)}，"
        f"{ranked(sector_name(best), best.change_pct, top=True)}。"
    )
