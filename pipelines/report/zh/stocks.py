"""The Chinese prose on single stocks, for a Hong Kong reader: how a stock moved, its editor's
note, the popular stocks, the notable movers and the top ten, each sentence chosen by rules.py from
the figures it states. A stock without a Chinese name is not named in the prose."""

from collections.abc import Sequence

from pipelines.report import numbers as fmt
from pipelines.report.figures import DayFigures, StockMove
from pipelines.report.rules import FAR_OUTSIDE_USUAL, against_market, market_direction, move_size
from pipelines.report.zh.words import amount, named, price, stock_name, stock_name_and_code

# Each move size's verb: (when down, when up).
MOVE_VERBS = {
    "plunge": ("急挫", "急升"),
    "sharp": ("大跌", "大升"),
    "normal": ("下跌", "上升"),
    "slight": ("微跌", "微升"),
}


def move_verb(change_pct: float) -> str:
    if change_pct == 0:
        return "平收"
    down, up = MOVE_VERBS[move_size(change_pct)]
    return down if change_pct < 0 else up


def moved(change_pct: float, market_change: float | None) -> str:
    """ "大跌4.65%", "逆市上升1.01%", "平收"."""
    if change_pct == 0:
        return move_verb(0)
    against = "逆市" if against_market(change_pct, market_change) else ""
    return f"{against}{move_verb(change_pct)}{fmt.percent(change_pct)}"


def rmb_counter(stock: StockMove) -> str:
    """ "（其人民幣櫃台上升1.05%）": an RMB counter moves with its company, never on its own."""
    change = stock.rmb_counter_change_pct
    if change is None:
        return ""
    return f"（其人民幣櫃台{move_verb(change)}{'' if change == 0 else fmt.percent(change)}）"


def stock_move(stock: StockMove, market_change: float | None) -> str:
    """ "阿里巴巴－Ｗ大跌4.65%", "小米集團－Ｗ逆市上升1.01%（其人民幣櫃台上升1.05%）"."""
    return f"{stock_name(stock)}{moved(stock.change_pct, market_change)}{rmb_counter(stock)}"


def note_sentence(stock: StockMove) -> str:
    """The editor's Chinese note as context of the day, in a sentence of its own: never the cause
    of the move. A note given in English only is left out, so no English reaches the prose."""
    return f"當日，{stock_name(stock)}{stock.note_zh}。" if stock.note_zh else ""


def stock_moves(stocks: Sequence[StockMove], market_change: float | None) -> tuple[list[str], str]:
    """Each named stock's move, and their editor's notes as sentences after them."""
    stocks = named(stocks)
    return [stock_move(s, market_change) for s in stocks], "".join(note_sentence(s) for s in stocks)


def stocks_sentence(stocks: Sequence[StockMove], market_change: float | None) -> str:
    """ "阿里巴巴－Ｗ大跌4.65%，成交額209.75億港元；京東集團－ＳＷ下跌2.82%，名創優品下跌2.58%。" and the notes."""
    stocks = named(stocks)
    if not stocks:
        return ""
    moves, notes = stock_moves(stocks, market_change)
    text = f"{moves[0]}，成交額{amount(stocks[0].turnover_hkd)}"
    return text + (f"；{'，'.join(moves[1:])}" if len(moves) > 1 else "") + "。" + notes


def popular_paragraph(stock: StockMove, market_change: float | None) -> str | None:
    """ "華潤燃氣（1193.HK）急挫5.21%，成交額7.10億港元。"."""
    if not stock.name_zh:
        return None
    return (
        f"{stock_name_and_code(stock)}{moved(stock.change_pct, market_change)}{rmb_counter(stock)}，"
        f"成交額{amount(stock.turnover_hkd)}。{note_sentence(stock)}"
    )


def notable_movers(figures: DayFigures) -> list[str]:
    market_change = market_direction(figures)
    lines = []
    for stock in named((*figures.notable_gainers[:3], *figures.notable_losers[:3])):
        text = f"{stock_name_and_code(stock)}{moved(stock.change_pct, market_change)}"
        if stock.times_usual_move is not None and stock.usual_move_pct and stock.times_usual_move >= FAR_OUTSIDE_USUAL:
            text += f"，為其平日波幅{fmt.percent(stock.usual_move_pct)}的{stock.times_usual_move:.1f}倍，遠超常態"
        lines.append(f"{text}，成交額{amount(stock.turnover_hkd)}。{note_sentence(stock)}")
    return lines


def top_line(stock: StockMove) -> str:
    """ "阿里巴巴－Ｗ（9988.HK）收報147.60港元，跌4.65%，成交額209.75億港元，沽空比率20.8%"."""
    move = (
        "平收" if stock.change_pct == 0 else f"{'跌' if stock.change_pct < 0 else '升'}{fmt.percent(stock.change_pct)}"
    )
    short = f"，沽空比率{fmt.percent(stock.short_ratio_pct, 1)}" if stock.short_ratio_pct is not None else ""
    return (
        f"{stock_name_and_code(stock)}收報{price(stock.close, stock.currency)}，"
        f"{move}，成交額{amount(stock.turnover_hkd)}{short}"
    )
