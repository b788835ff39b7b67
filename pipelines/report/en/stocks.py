"""The English prose on single stocks: how a stock moved, its editor's note, the popular stocks,
the notable movers and the top ten, each sentence chosen by rules.py from the figures it states."""

from collections.abc import Sequence

from pipelines.report import numbers as fmt
from pipelines.report.en.words import amount, price, stock_name, stock_names
from pipelines.report.figures import DayFigures, StockMove
from pipelines.report.rules import FAR_OUTSIDE_USUAL, against_market, market_direction, move_size

# Each move size's verb: (when down, when up).
MOVE_VERBS = {
    "plunge": ("plunged", "surged"),
    "sharp": ("slid", "jumped"),
    "normal": ("fell", "rose"),
    "slight": ("edged down", "edged up"),
}


def move_verb(change_pct: float) -> str:
    """ "slid", "edged up", ... for a % move (zero: "was unchanged")."""
    if change_pct == 0:
        return "was unchanged"
    down, up = MOVE_VERBS[move_size(change_pct)]
    return down if change_pct < 0 else up


def moved(change_pct: float, market_change: float | None) -> str:
    """ "slid 4.65%", "rose 1.01% against the trend", "was unchanged"."""
    if change_pct == 0:
        return move_verb(0)
    against = " against the trend" if against_market(change_pct, market_change) else ""
    return f"{move_verb(change_pct)} {fmt.percent(change_pct)}{against}"


def rmb_counter(stock: StockMove) -> str:
    """ " (its RMB counter rose 1.05%)": an RMB counter moves with its company, never on its own."""
    change = stock.rmb_counter_change_pct
    if change is None:
        return ""
    return f" (its RMB counter {move_verb(change)}{'' if change == 0 else ' ' + fmt.percent(change)})"


def stock_move(stock: StockMove, market_change: float | None, name: str | None = None) -> str:
    """ "Alibaba slid 4.65%", "Xiaomi Group rose 1.01% against the trend (its RMB counter rose 1.05%)"."""
    return f"{name or stock_name(stock)} {moved(stock.change_pct, market_change)}{rmb_counter(stock)}"


def note_sentence(stock: StockMove, name: str | None = None) -> str:
    """The editor's note as context of the day, in a sentence of its own: never the cause of the move."""
    return f" On the day, {name or stock_name(stock)} {stock.note}." if stock.note else ""


def listed(parts: Sequence[str]) -> str:
    """a; b and c."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def stock_moves(stocks: Sequence[StockMove], market_change: float | None) -> tuple[list[str], str]:
    """Each stock's move, named in one style, and their editor's notes as sentences after them."""
    names = stock_names(stocks)
    moves = [stock_move(s, market_change, name) for s, name in zip(stocks, names, strict=True)]
    return moves, "".join(note_sentence(s, name) for s, name in zip(stocks, names, strict=True))


def stocks_sentence(stocks: Sequence[StockMove], market_change: float | None) -> str:
    """ "Alibaba slid 4.65%, with turnover of HKD 20.975 billion; JD.com fell 2.82% and Miniso fell
    2.58%." and the notes after it: the first stock with its turnover, the others' moves."""
    if not stocks:
        return ""
    moves, notes = stock_moves(stocks, market_change)
    text = f"{moves[0]}, with turnover of {amount(stocks[0].turnover_hkd)}"
    return text + (f"; {listed(moves[1:])}" if len(moves) > 1 else "") + "." + notes


def popular_paragraph(stock: StockMove, market_change: float | None) -> str:
    """ "China Resources Gas (1193.HK) plunged 5.21%, with turnover of HKD 710 million."."""
    return (
        f"{stock_name(stock)} ({fmt.stock_code(stock.code)}) {moved(stock.change_pct, market_change)}"
        f"{rmb_counter(stock)}, with turnover of {amount(stock.turnover_hkd)}.{note_sentence(stock)}"
    )


def notable_mover(stock: StockMove, market_change: float | None) -> str:
    """A big mover, and how far outside its usual range it went."""
    sentence = f"{stock_name(stock)} ({fmt.stock_code(stock.code)}) {moved(stock.change_pct, market_change)}"
    if stock.times_usual_move is not None and stock.usual_move_pct and stock.times_usual_move >= FAR_OUTSIDE_USUAL:
        sentence += (
            f", {stock.times_usual_move:.1f} times its usual daily move of "
            f"{fmt.percent(stock.usual_move_pct)}, far outside its range"
        )
    return f"{sentence}, with turnover of {amount(stock.turnover_hkd)}.{note_sentence(stock)}"


def notable_movers(figures: DayFigures) -> list[str]:
    market_change = market_direction(figures)
    return [notable_mover(s, market_change) for s in (*figures.notable_gainers[:3], *figures.notable_losers[:3])]


def top_line(stock: StockMove) -> str:
    """ "Alibaba (9988.HK) closing price HKD 147.60, down 4.65%, turnover HKD 20.975 billion,
    short-selling ratio 20.8%"."""
    move = (
        "unchanged"
        if stock.change_pct == 0
        else f"{'down' if stock.change_pct < 0 else 'up'} {fmt.percent(stock.change_pct)}"
    )
    short = (
        f", short-selling ratio {fmt.percent(stock.short_ratio_pct, 1)}" if stock.short_ratio_pct is not None else ""
    )
    return (
        f"{stock_name(stock)} ({fmt.stock_code(stock.code)}) closing price {price(stock.close, stock.currency)}, "
        f"{move}, turnover {amount(stock.turnover_hkd)}{short}"
    )
