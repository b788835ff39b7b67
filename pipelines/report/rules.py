"""The report's judgements, free of any language: how large a move is, which way the market went,
what counts as against the trend, how breadth reads. The English and the Chinese prose both say
what these rules decide, each in its own words, and import nothing of each other.
"""

from dataclasses import dataclass

from pipelines.reference.securities import UNCLASSIFIED
from pipelines.report.figures import Breadth, DayFigures, IndexMove, MacroFigure, SectorMove, StockMove, SubSectorMove

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
# A sector (or a sub-sector) is named as leading or lagging, or featured, only with at least this
# many stocks that traded: one stock's move is that stock's news, not its sector's.
MIN_TRADED_TO_NAME_SECTOR = 3
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
}


def direction(change: float | None) -> int:
    if change is None or change == 0:
        return 0
    return 1 if change > 0 else -1


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
    """Whether the prose may feature the (sub-)sector or call it leading or lagging: it has enough
    stocks that traded, and is a group of the classification (never Unclassified)."""
    name = sector.sector if isinstance(sector, SectorMove) else sector.sub_sector
    return sector.traded_count >= MIN_TRADED_TO_NAME_SECTOR and name != UNCLASSIFIED


def best_and_worst_sectors(figures: DayFigures) -> tuple[SectorMove, SectorMove] | None:
    """The sectors that led and lagged all others, among those that may be named; none with fewer than two."""
    named = [s for s in figures.all_sectors if can_name_sector(s)]
    return (named[0], named[-1]) if len(named) >= 2 else None


def leading_sector(figures: DayFigures) -> SectorMove | None:
    """The featured sector that led the market's move: the weakest on a down day, the strongest on
    an up day; none when the market had no trend."""
    market_change = market_direction(figures)
    if not figures.featured_sectors or not has_trend(market_change):
        return None
    pick = min if market_change < 0 else max
    return pick(figures.featured_sectors, key=lambda s: s.change_pct)


@dataclass(frozen=True)
class Headline:
    """What the headline names, in order: the lead index, the sector that led its move, the
    biggest mover of the three most traded stocks, and one of them that went against the trend."""

    index: IndexMove | None
    sector: SectorMove | None
    biggest_mover: StockMove | None
    against_trend: StockMove | None


def headline_subjects(figures: DayFigures) -> Headline:
    market_change = market_direction(figures)
    top = figures.turnover_top[:3]
    against = [s for s in top if against_market(s.change_pct, market_change)]
    return Headline(
        index=figures.indexes[0] if figures.indexes and market_change is not None else None,
        sector=leading_sector(figures),
        biggest_mover=max(top, key=lambda s: abs(s.change_pct)) if top else None,
        against_trend=against[0] if against else None,
    )


def has_trend(market_change: float | None) -> bool:
    return market_change is not None and abs(market_change) >= TREND_THRESHOLD_PCT


def against_market(change_pct: float, market_change: float | None) -> bool:
    """A stock moved against a market that had a trend."""
    if not has_trend(market_change):
        return False
    return direction(change_pct) * direction(market_change) < 0


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


def sector_tone(change_pct: float) -> str:
    """weak, declined, flat, advanced or strong, for a sector's turnover-weighted % move."""
    if change_pct <= -3:
        return "weak"
    if change_pct < -0.5:
        return "declined"
    if change_pct < 0.5:
        return "flat"
    if change_pct < 3:
        return "advanced"
    return "strong"


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
