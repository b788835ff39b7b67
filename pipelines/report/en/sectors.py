"""The English prose on sectors: each featured sector's move, measured as marts.sector_daily
measures it, with its sub-sectors or its leaders, and which sector moved most and least."""

from pipelines.report import numbers as fmt
from pipelines.report.en.stocks import listed, stock_moves, stocks_sentence
from pipelines.report.en.words import MEASURES, number_word, stock_names
from pipelines.report.figures import SectorMove, SubSectorMove
from pipelines.report.rules import (
    MIN_TRADED_TO_NAME_SECTOR,
    can_name_sector,
    is_dominated,
    ranked_move,
)

PEERS_NAMED = 2  # the other stocks named beside a stock whose sub-sector is too small to have a move


def in_sentence(sector: str) -> str:
    """A sector's name inside a sentence: lower case, but for acronyms (REITs)."""
    return sector if sector[:2].isupper() else sector.lower()


def some(count: int) -> str:
    """ "none", "1", "1,886"."""
    return "none" if count == 0 else fmt.count(count)


def signed_move(change_pct: float) -> str:
    """ "down 1.04%", "up 0.32%", "unchanged"."""
    if change_pct == 0:
        return "unchanged"
    return f"{'down' if change_pct < 0 else 'up'} {fmt.percent(change_pct)}"


def how_measured(sector: SectorMove | SubSectorMove) -> str:
    """ "the median move of its 199 companies that traded", or the published index, or the weighting."""
    if sector.change_measure == "median":
        whose = "its" if isinstance(sector, SectorMove) else "the"  # "retail stocks ... of the 3 companies"
        return f"the median move of {whose} {fmt.count(sector.traded_count)} companies that traded"
    text = MEASURES[sector.change_measure]
    if isinstance(sector, SectorMove) and is_dominated(sector):
        text += f"; {sector.heaviest_name} makes up {sector.heaviest_weight_pct:.0f}% of that value"
    return text


def sector_paragraph(sector: SectorMove, market_change: float | None) -> str:
    """ "Consumer discretionary stocks fell 1.04% (the median move of its 199 companies that
    traded), with 38 of them up and 145 down." then its sub-sectors, or its own leaders."""
    text = (
        f"The {in_sentence(sector.sector)} sector was {signed_move(sector.change_pct)} ({how_measured(sector)}), "
        f"with {some(sector.advancers)} of its companies up and {some(sector.decliners)} down."
    )
    if not sector.sub_sectors:
        return f"{text} {stocks_sentence(sector.leaders, market_change)}".rstrip()
    # "Within it" opens the first sub-sector given a move of its own, "Also within it" the others.
    with_moves = [s for s in sector.sub_sectors if can_name_sector(s)]
    sentences = [
        sub_sector_sentences(s, market_change, first=bool(with_moves) and s is with_moves[0])
        for s in sector.sub_sectors
    ]
    return " ".join([text, *(s for s in sentences if s)])


def sub_sector_sentences(sub_sector: SubSectorMove, market_change: float | None, first: bool) -> str:
    """A sub-sector with enough companies: its move, then its leaders. One with too few: its
    leading stock and its peers, with no move of the sub-sector's own."""
    name = in_sentence(sub_sector.sub_sector)
    if can_name_sector(sub_sector):
        within = "Within it" if first else "Also within it"
        head = f"{within}, {name} stocks were {signed_move(sub_sector.change_pct)} ({how_measured(sub_sector)})."
        return f"{head} {stocks_sentence(sub_sector.leaders, market_change)}".rstrip()
    if not sub_sector.leaders:
        return ""
    leader, peers = sub_sector.leaders[0], sub_sector.leaders[1 : 1 + PEERS_NAMED]
    text = stocks_sentence([leader], market_change)
    if peers:
        moves, notes = stock_moves(peers, market_change)
        text += f" Among {stock_names([leader])[0]}'s {name} peers, {listed(moves)}.{notes}"
    return text


RANKED = {
    "rose_most": "rose the most",
    "fell_least": "fell the least",
    "fell_most": "fell the most",
    "rose_least": "rose the least",
}


def ranked(name: str, change_pct: float, top: bool, most_up: str = "rose the most") -> str:
    """ "information technology fell the most (down 1.56%)"; unchanged, "conglomerates was
    unchanged, the best of them" (docs/report.md#words: best and worst are the largest and the
    smallest move)."""
    move = ranked_move(change_pct, top)
    if move == "flat":
        return f"{name} was unchanged, the {'best' if top else 'worst'} of them"
    words = most_up if move == "rose_most" else RANKED[move]
    return f"{name} {words} ({signed_move(change_pct)})"


def sectors_across(best: SectorMove, worst: SectorMove) -> str:
    """ "Of the industry sectors with at least three companies that traded, industrials fell the most (down
    1.42%) and telecommunications fell the least (down 0.32%)."."""
    return (
        f"Of the industry sectors with at least {number_word(MIN_TRADED_TO_NAME_SECTOR)} companies that traded, "
        f"{ranked(in_sentence(worst.sector), worst.change_pct, top=False)} and "
        f"{ranked(in_sentence(best.sector), best.change_pct, top=True)}."
    )
