"""The report's judgements, free of any language: how large a move is, which way the market went,
what counts as against the trend, how breadth reads. The English and the Chinese prose both say
what these rules decide, each in its own words, and import nothing of each other.
"""

from dataclasses import dataclass
from datetime import date

from pipelines.reference.securities import NOT_INDUSTRIES
from pipelines.report.figures import (
    Breadth,
    DayFigures,
    IndexMove,
    MacroFigure,
    SectorMove,
    SouthboundStock,
    StockMove,
    SubSectorMove,
)

# A move's size by its absolute % change (smallest first wins from the top): the prose picks a
# verb per size ("plummeted" / "急挫" for a plunge).
MOVE_SIZE_FLOORS: tuple[tuple[float, str], ...] = (
    (5.0, "plunge"),
    (3.0, "sharp"),
    (1.0, "normal"),
    (0.0, "slight"),
)
# The market has a trend to go against only when the lead index moved at least this much.
TREND_THRESHOLD_PCT = 0.5
# The top ten's share of turnover above which the day's trading reads as concentrated.
CONCENTRATED_TOP_SHARE_PCT = 40.0
# A move this many times a stock's usual daily move is far outside its range.
FAR_OUTSIDE_USUAL = 3.0
# A sector (or a sub-sector) is named as leading, best or worst, or featured, or given a move of
# its own, only with at least this many companies that traded: one company's move is its news,
# not its sector's.
MIN_TRADED_TO_NAME_SECTOR = 3
# A member weighing more than this share of a sector's market value is named beside its move.
DOMINANT_WEIGHT_PCT = 50.0
# A run of days the same way is told from its third day; a move is "the largest since" a day at
# least this many trading days before (a month of trading).
STREAK_TO_TELL = 3
LARGEST_SINCE_MIN_TRADING_DAYS = 20
# The PMI's line between expansion and contraction, and the span of the highs and lows counted.
PMI_EXPANSION_LINE = 50
HIGH_LOW_WEEKS = 52

# The fixed numbers the prose speaks of, written into each day's JSON beside its figures.
RULE_NUMBERS = {
    "pmi_expansion_line": PMI_EXPANSION_LINE,
    "high_low_weeks": HIGH_LOW_WEEKS,
    "trend_threshold_pct": TREND_THRESHOLD_PCT,
    "concentrated_top_share_pct": CONCENTRATED_TOP_SHARE_PCT,
    "far_outside_usual_multiple": FAR_OUTSIDE_USUAL,
    "min_traded_to_name_sector": MIN_TRADED_TO_NAME_SECTOR,
    "dominant_weight_pct": DOMINANT_WEIGHT_PCT,
    "streak_to_tell": STREAK_TO_TELL,
    "largest_since_min_trading_days": LARGEST_SINCE_MIN_TRADING_DAYS,
}


def direction(change: float | None) -> int:
    if change is None or change == 0:
        return 0
    return 1 if change > 0 else -1


def index_direction(index: IndexMove) -> int:
    """Which way an index moved, by its points: a move too small to show at 0.01% is still a move
    (it rose 0.02 points); unchanged only when it closed where it opened the day."""
    return direction(index.change_points if index.change_points is not None else index.change_pct)


def move_size(change_pct: float) -> str:
    """plunge, sharp, normal or slight, for a non-zero % move."""
    for floor, size in MOVE_SIZE_FLOORS:
        if abs(change_pct) >= floor:
            return size
    raise AssertionError("unreachable: the last floor is zero")


def market_direction(figures: DayFigures) -> float | None:
    """The market's move: the first index's (the Hang Seng Index in the report's order)."""
    return figures.indexes[0].change_pct if figures.indexes else None


def can_name_sector(sector: SectorMove | SubSectorMove) -> bool:
    """Whether the prose may feature the (sub-)sector, give its move or call it leading, best or
    worst: it has enough companies that traded, and is an industry of the classification (never
    Unclassified, nor the funds and REITs that HKEX's categories group)."""
    name = sector.sector if isinstance(sector, SectorMove) else sector.sub_sector
    return sector.traded_count >= MIN_TRADED_TO_NAME_SECTOR and name not in NOT_INDUSTRIES


def best_and_worst_sectors(figures: DayFigures) -> tuple[SectorMove, SectorMove] | None:
    """Best and worst: the sectors with the largest and the smallest move (signed) among those
    that may be named; none with fewer than two (docs/report.md#words)."""
    # In name order, so that of two sectors that moved alike the first by name is the one named.
    named = sorted((s for s in figures.all_sectors if can_name_sector(s)), key=lambda s: s.sector)
    return (max(named, key=lambda s: s.change_pct), min(named, key=lambda s: s.change_pct)) if len(named) >= 2 else None


def ranked_move(change_pct: float, top: bool) -> str:
    """How the best (`top`) or the worst of a ranking moved, in one word of docs/report.md#words:
    rose_most or fell_least for the best, fell_most or rose_least for the worst; flat at zero.
    A thing that fell is never called the best: it fell least."""
    if change_pct == 0:
        return "flat"
    if top:
        return "rose_most" if change_pct > 0 else "fell_least"
    return "fell_most" if change_pct < 0 else "rose_least"


def leading_sector(figures: DayFigures) -> SectorMove | None:
    """The sector that led the market's move (docs/report.md#words): on a day the market moved
    with a trend, the nameable sector that moved furthest its way; none when that sector moved
    the other way, or the market had no trend."""
    market_change = market_direction(figures)
    extremes = best_and_worst_sectors(figures)
    if extremes is None or not has_trend(market_change):
        return None
    sector = extremes[1] if market_change < 0 else extremes[0]
    return sector if direction(sector.change_pct) == direction(market_change) else None


def is_dominated(sector: SectorMove) -> bool:
    """One member weighs more than half of the sector's market value: the prose names it."""
    return sector.heaviest_weight_pct is not None and sector.heaviest_weight_pct > DOMINANT_WEIGHT_PCT


def southbound_extremes(figures: DayFigures) -> tuple[SouthboundStock | None, SouthboundStock | None]:
    """(most net-bought, most net-sold) over both channels, among the stocks in both channels'
    published lists: only a stock net bought can be the most net-bought, and only one net sold
    the most net-sold."""
    stocks = [s for s in figures.southbound_stocks if s.is_in_both_lists]
    bought = [s for s in stocks if s.net_buy_hkd > 0]
    sold = [s for s in stocks if s.net_buy_hkd < 0]
    return (
        max(bought, key=lambda s: s.net_buy_hkd) if bought else None,
        min(sold, key=lambda s: s.net_buy_hkd) if sold else None,
    )


def flow_turned(net_buy_hkd: float, prev_net_buy_hkd: float | None) -> bool | None:
    """Whether a net flow changed side from the day before (None when the day before is not known)."""
    if prev_net_buy_hkd is None:
        return None
    return (net_buy_hkd >= 0) != (prev_net_buy_hkd >= 0)


def streak_to_tell(index: IndexMove) -> int | None:
    """The index's run of days the same way, when long enough to tell (its third day on)."""
    streak = index.streak_days
    return streak if streak is not None and abs(streak) >= STREAK_TO_TELL else None


def largest_since(index: IndexMove) -> date | None:
    """The day since which the index's move is the largest its way, when far enough back to tell."""
    days = index.trading_days_since_larger_move
    return index.last_larger_move_on if days is not None and days >= LARGEST_SINCE_MIN_TRADING_DAYS else None


@dataclass(frozen=True)
class BreadthRatio:
    """One side of breadth outnumbering the other at least two to one: `side` ("fell" or "rose")
    by `whole` or more stocks to each one of the other side, exactly `whole` when `exact`."""

    side: str
    whole: int
    exact: bool


def breadth_ratio(breadth: Breadth) -> BreadthRatio | None:
    """How far one side of breadth outnumbers the other, when at least two to one."""
    for side, many, few in (
        ("fell", breadth.decliners, breadth.advancers),
        ("rose", breadth.advancers, breadth.decliners),
    ):
        if few and many >= 2 * few:
            return BreadthRatio(side, many // few, many % few == 0)
    return None


@dataclass(frozen=True)
class Headline:
    """What the headline names, in order: the lead index, the sector that led its move, the
    biggest mover of the three most traded stocks, and one of them that went against the trend."""

    index: IndexMove | None
    sector: SectorMove | None
    biggest_mover: StockMove | None
    against_trend: StockMove | None  # another than the biggest mover; it says its own going against


def headline_subjects(figures: DayFigures) -> Headline:
    """The headline's sector is the one that led the market's move, as the body says it."""
    market_change = market_direction(figures)
    top = figures.turnover_top[:3]
    biggest = max(top, key=lambda s: abs(s.change_pct)) if top else None
    against = [s for s in top if against_market(s.change_pct, market_change) and s is not biggest]
    return Headline(
        index=figures.indexes[0] if figures.indexes and market_change is not None else None,
        sector=leading_sector(figures),
        biggest_mover=biggest,
        against_trend=against[0] if against else None,
    )


def constituents_to_tell(index: IndexMove) -> tuple[StockMove, StockMove] | None:
    """The index's best and worst constituents, where the warehouse knows its constituents that day."""
    best, worst = index.best_constituent, index.worst_constituent
    if not index.constituent_count or best is None or worst is None:
        return None
    return best, worst


def has_trend(market_change: float | None) -> bool:
    return market_change is not None and abs(market_change) >= TREND_THRESHOLD_PCT


def against_market(change_pct: float, market_change: float | None) -> bool:
    """A stock moved against a market that had a trend."""
    if not has_trend(market_change):
        return False
    return direction(change_pct) * direction(market_change) < 0


def is_concentrated(top_share_of_turnover_pct: float) -> bool:
    return top_share_of_turnover_pct >= CONCENTRATED_TOP_SHARE_PCT


def pmi_side(value: float) -> str:
    """above, below or on the PMI's line between expansion and contraction."""
    return "above" if value > PMI_EXPANSION_LINE else "below" if value < PMI_EXPANSION_LINE else "on"


def job_market(unemployment: MacroFigure) -> str | None:
    """firmer when unemployment fell from its prior reading, softer when it rose."""
    if unemployment.prior_value is None or unemployment.value == unemployment.prior_value:
        return None
    return "firmer" if unemployment.value < unemployment.prior_value else "softer"
