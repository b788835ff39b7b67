"""The figures of a closing report, read from the marts for a whole window of days at once."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

FEATURED_SECTOR_COUNT = 3
TOP_COUNT = 10


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


@dataclass(frozen=True)
class StockMove:
    code: str
    name: str
    currency: str
    close: float
    change_pct: float
    turnover_hkd: float
    sector: str | None = None
    note: str | None = None
    name_zh: str | None = None
    usual_move_pct: float | None = None
    times_usual_move: float | None = None


@dataclass(frozen=True)
class SectorMove:
    sector: str
    sector_zh: str
    change_pct: float
    advancers: int
    decliners: int
    unchanged: int
    turnover_hkd: float
    leaders: list[StockMove] = field(default_factory=list)


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


@dataclass(frozen=True)
class DayFigures:
    trade_date: date
    indexes: list[IndexMove]
    breadth: Breadth | None
    featured_sectors: list[SectorMove]
    all_sectors: list[SectorMove]  # best to worst
    macro: list[MacroFigure]
    popular_stocks: list[StockMove]
    notable_gainers: list[StockMove]
    notable_losers: list[StockMove]
    turnover_top: list[StockMove]
    top_share_of_turnover_pct: float | None


QUERIES = {
    "indexes": """
        select trade_date, index_code as code, index_name as name, index_name_zh as name_zh, close, prev_close,
               change_points, change_pct, change_5d_pct, change_ytd_pct, open, high, low
        from marts.index_daily where trade_date between ? and ?
        order by trade_date, coalesce(display_order, 999), index_code""",
    "breadth": """
        select trade_date, advancers, decliners, unchanged, total, suspended, new_52_week_highs,
               new_52_week_lows, advance_decline_ratio, turnover_hkd
        from marts.market_breadth where trade_date between ? and ?""",
    "sectors": """
        select trade_date, sector, sector_zh, change_pct, advancers, decliners, unchanged, turnover_hkd
        from marts.sector_daily where trade_date between ? and ?
        order by trade_date, change_pct desc, sector""",
    "sector_leaders": """
        select trade_date, sector, code, name, currency, close, change_pct, turnover_hkd, note
        from marts.sector_leaders where trade_date between ? and ?
        order by trade_date, sector, rank""",
    "macro": """
        select trade_date, indicator, label, label_zh, period, value, unit, released_on, published_by,
               prior_period, prior_value
        from marts.macro_latest where trade_date between ? and ?
        order by trade_date, coalesce(display_order, 999), indicator""",
    "popular": """
        select trade_date, code, name, currency, close, change_pct, turnover_hkd, sector, note
        from marts.popular_stocks where trade_date between ? and ?
        order by trade_date, position""",
    "movers": """
        select trade_date, direction, code, name, currency, close, change_pct, turnover_hkd, sector, note,
               usual_move_pct, times_usual_move
        from marts.notable_movers where trade_date between ? and ?
        order by trade_date, direction, rank""",
    "chinese_names": """
        select trade_date, code, name_zh from marts.stock_daily
        where trade_date between ? and ? and name_zh is not null""",
    "ranking": """
        select trade_date, code, name, currency, close, change_pct, turnover_hkd, sector
        from marts.turnover_ranking where trade_date between ? and ? and rank <= ?
        order by trade_date, rank""",
}


def _rows_by_day(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> dict[date, list[dict]]:
    cursor = con.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    by_day: dict[date, list[dict]] = defaultdict(list)
    for row in cursor.fetchall():
        record = dict(zip(columns, row, strict=True))
        by_day[record.pop("trade_date")].append(record)
    return by_day


def featured_sectors(
    ranking: list[StockMove], sectors: dict[str, dict], leaders: dict[str, list[StockMove]]
) -> list[SectorMove]:
    """The sectors of the day's most traded stocks: walking down the turnover ranking, the
    first distinct sectors, in that order."""
    chosen: list[str] = []
    for stock in ranking:
        if stock.sector in sectors and stock.sector not in chosen:
            chosen.append(stock.sector)
        if len(chosen) == FEATURED_SECTOR_COUNT:
            break
    return [SectorMove(**sectors[name], leaders=leaders.get(name, [])) for name in chosen]


def load_figures(con: duckdb.DuckDBPyConnection, days: list[date]) -> dict[date, DayFigures]:
    """Every report figure for the given days, with one query per mart for the whole window."""
    if not days:
        return {}
    window = [min(days), max(days)]
    indexes = _rows_by_day(con, QUERIES["indexes"], window)
    breadth = _rows_by_day(con, QUERIES["breadth"], window)
    sectors = _rows_by_day(con, QUERIES["sectors"], window)
    leaders = _rows_by_day(con, QUERIES["sector_leaders"], window)
    macro = _rows_by_day(con, QUERIES["macro"], window)
    popular = _rows_by_day(con, QUERIES["popular"], window)
    ranking = _rows_by_day(con, QUERIES["ranking"], [*window, max(TOP_COUNT, 50)])
    movers = _rows_by_day(con, QUERIES["movers"], window)
    chinese = {
        (day, r["code"]): r["name_zh"]
        for day, rows in _rows_by_day(con, QUERIES["chinese_names"], window).items()
        for r in rows
    }

    def stock(day: date, record: dict) -> StockMove:
        return StockMove(**record, name_zh=chinese.get((day, record["code"])))

    figures = {}
    for day in days:
        day_ranking = [stock(day, r) for r in ranking.get(day, [])]
        top = day_ranking[:TOP_COUNT]
        day_breadth = Breadth(**breadth[day][0]) if breadth.get(day) else None
        day_leaders: dict[str, list[StockMove]] = defaultdict(list)
        for record in leaders.get(day, []):
            day_leaders[record["sector"]].append(stock(day, record))
        day_sectors = sectors.get(day, [])
        day_movers = movers.get(day, [])
        figures[day] = DayFigures(
            trade_date=day,
            indexes=[IndexMove(**r) for r in indexes.get(day, [])],
            breadth=day_breadth,
            featured_sectors=featured_sectors(day_ranking, {s["sector"]: s for s in day_sectors}, day_leaders),
            all_sectors=[SectorMove(**s, leaders=day_leaders.get(s["sector"], [])) for s in day_sectors],
            macro=[MacroFigure(**r) for r in macro.get(day, [])],
            popular_stocks=[stock(day, r) for r in popular.get(day, [])],
            notable_gainers=[
                stock(day, {k: v for k, v in r.items() if k != "direction"})
                for r in day_movers
                if r["direction"] == "gainer"
            ],
            notable_losers=[
                stock(day, {k: v for k, v in r.items() if k != "direction"})
                for r in day_movers
                if r["direction"] == "loser"
            ],
            turnover_top=top,
            top_share_of_turnover_pct=(
                round(100 * sum(s.turnover_hkd for s in top) / day_breadth.turnover_hkd, 1)
                if day_breadth and day_breadth.turnover_hkd
                else None
            ),
        )
    return figures
