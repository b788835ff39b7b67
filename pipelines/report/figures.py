"""The figures of a closing report: one dataclass per thing it speaks of. `loading.py` reads them
from the marts."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class StockMove:
    code: str
    name: str  # the proper name where the source gives one, else HKEX's short name
    currency: str
    close: float
    change_pct: float
    turnover_hkd: float
    sector: str | None = None
    note: str | None = None
    name_zh: str | None = None
    usual_move_pct: float | None = None
    times_usual_move: float | None = None
    note_zh: str | None = None
    short_ratio_pct: float | None = None
    sub_sector: str | None = None
    short_name: str | None = None  # HKEX's short name as published
    has_proper_name: bool = False  # the source gives `name` as the company's proper name
    rmb_counter_change_pct: float | None = None  # the move of its RMB counter, when it has one


@dataclass(frozen=True)
class IndexMove:
    code: str
    name: str
    name_zh: str
    close: float
    prev_close: float | None
    change_points: float | None
    change_pct: float | None
    change_5d_pct: float | None
    change_ytd_pct: float | None
    open: float | None
    high: float | None
    low: float | None
    short_name_zh: str | None = None  # 恒指, 國企指數, 科指
    # Consecutive days moved the same way (3: a third straight rise; -3: fall), where the
    # warehouse holds the day before the run began.
    streak_days: int | None = None
    last_larger_move_on: date | None = None  # the day's move is the largest this way since then
    trading_days_since_larger_move: int | None = None
    constituent_count: int | None = None
    constituents_up: int | None = None
    constituents_down: int | None = None
    best_constituent: StockMove | None = None
    worst_constituent: StockMove | None = None


@dataclass(frozen=True)
class Breadth:
    advancers: int
    decliners: int
    unchanged: int
    total: int
    suspended: int
    new_52_week_highs: int | None
    new_52_week_lows: int | None
    advance_decline_ratio: float | None
    turnover_hkd: float
    exchange_turnover_hkd: float | None = None
    exchange_advanced: int | None = None
    exchange_declined: int | None = None
    exchange_unchanged: int | None = None
    short_turnover_hkd: float | None = None
    short_ratio_pct: float | None = None
    differs_from_exchange: bool = False
    prev_turnover_hkd: float | None = None  # the previous trading day's, when the warehouse holds it
    turnover_change_pct: float | None = None


@dataclass(frozen=True)
class CapitalFlow:
    channel: str  # Shanghai, Shenzhen, or All (both channels)
    buy_turnover_hkd: float
    sell_turnover_hkd: float
    net_buy_hkd: float
    prev_net_buy_hkd: float | None = None  # the previous trading day's, when the warehouse holds it


def both_channels(flows: list[CapitalFlow]) -> CapitalFlow | None:
    """The day's southbound total over both channels (the day before's too, when known for each)."""
    if not flows:
        return None
    earlier = [f.prev_net_buy_hkd for f in flows]
    return CapitalFlow(
        channel="All",
        buy_turnover_hkd=sum(f.buy_turnover_hkd for f in flows),
        sell_turnover_hkd=sum(f.sell_turnover_hkd for f in flows),
        net_buy_hkd=sum(f.net_buy_hkd for f in flows),
        prev_net_buy_hkd=None if None in earlier else sum(earlier),
    )


@dataclass(frozen=True)
class SouthboundStock:
    """A stock of the channels' published most-traded lists (marts.southbound_stocks)."""

    code: str
    name: str
    short_name: str
    name_zh: str | None
    net_buy_hkd: float  # over the lists that hold it; over both channels when is_in_both_lists
    shanghai_net_buy_hkd: float | None
    shenzhen_net_buy_hkd: float | None
    is_in_both_lists: bool
    has_proper_name: bool = False


@dataclass(frozen=True)
class MissingIndicator:
    label: str
    label_zh: str


@dataclass(frozen=True)
class SubSectorMove:
    """A source's finer sector inside a featured sector (the sample's Retail in Consumer Discretionary)."""

    sub_sector: str
    sub_sector_zh: str
    change_pct: float
    traded_count: int  # companies that traded
    change_measure: str = "median"  # market_value or median, as sector_daily measures a sector
    leaders: list[StockMove] = field(default_factory=list)


@dataclass(frozen=True)
class SectorMove:
    sector: str
    sector_zh: str
    change_pct: float
    advancers: int
    decliners: int
    unchanged: int
    traded_count: int  # companies that traded: a sector is named only with enough (rules.py)
    turnover_hkd: float
    change_measure: str = "median"  # published_index, market_value or median (marts.sector_daily)
    heaviest_name: str | None = None  # when weighted by market value: the company that weighs most
    heaviest_name_zh: str | None = None
    heaviest_weight_pct: float | None = None
    leaders: list[StockMove] = field(default_factory=list)
    # The sub-sectors the narrative names inside it, when the source has finer sectors.
    sub_sectors: list[SubSectorMove] = field(default_factory=list)


@dataclass(frozen=True)
class MacroFigure:
    indicator: str
    label: str
    label_zh: str
    period: str
    value: float
    unit: str
    released_on: date
    published_by: str | None
    prior_period: str | None
    prior_value: float | None
    is_revised_possible: bool = False


@dataclass(frozen=True)
class DayFigures:
    trade_date: date
    indexes: list[IndexMove]
    breadth: Breadth | None
    featured_sectors: list[SectorMove]
    all_sectors: list[SectorMove]  # by change, highest first; Unclassified left out
    macro: list[MacroFigure]
    popular_stocks: list[StockMove]
    notable_gainers: list[StockMove]
    notable_losers: list[StockMove]
    turnover_top: list[StockMove]
    top_share_of_turnover_pct: float | None
    capital_flows: list[CapitalFlow] = field(default_factory=list)  # per channel
    southbound: CapitalFlow | None = None  # both channels
    southbound_stocks: list[SouthboundStock] = field(default_factory=list)  # in both channels' lists
    missing_macro: list[MissingIndicator] = field(default_factory=list)
    # Currencies whose turnover was converted at an earlier day's rate: currency -> that day.
    earlier_fx_rates: dict[str, date] = field(default_factory=dict)
    unclassified_turnover_pct: float | None = None
    # Stocks whose unconfirmed, implausible move keeps them out of the report (stock_daily.is_unconfirmed_outlier).
    left_out: list[str] = field(default_factory=list)
    # Kinds a landing file overrode for the day: kind -> the file.
    overrides: dict[str, str] = field(default_factory=dict)
