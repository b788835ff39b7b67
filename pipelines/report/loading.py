"""A closing report's figures for a whole window of days, read from the marts with one query per mart."""

from collections import defaultdict
from dataclasses import replace
from datetime import date
from typing import Any

import duckdb

from pipelines.reference.securities import UNCLASSIFIED  # never featured, never in the sector table
from pipelines.report.figures import (
    Breadth,
    CapitalFlow,
    DayFigures,
    IndexMove,
    MacroFigure,
    MissingIndicator,
    SectorMove,
    StockMove,
    SubSectorMove,
    both_channels,
)
from pipelines.report.rules import can_name_sector

FEATURED_SECTOR_COUNT = 3
TOP_COUNT = 10
RANKED = 50  # the ranking read: the top 10 after the stocks left out of the report, and the featured sectors
# The sub-sectors named inside a featured sector: those of the day's most traded stocks, this many.
SUB_SECTORS_FROM_TOP = 3
SUB_SECTOR_LEADER_COUNT = 3

QUERIES = {
    "indexes": """
        select trade_date, index_code as code, index_name as name, index_name_zh as name_zh, close, prev_close,
               change_points, change_pct, change_5d_pct, change_ytd_pct, open, high, low
        from marts.index_daily where trade_date between ? and ?
        order by trade_date, coalesce(display_order, 999), index_code""",
    "breadth": """
        select trade_date, advancers, decliners, unchanged, total, suspended, new_52_week_highs,
               new_52_week_lows, advance_decline_ratio, turnover_hkd, exchange_turnover_hkd, exchange_advanced,
               exchange_declined, exchange_unchanged, short_turnover_hkd, 100 * short_ratio as short_ratio_pct,
               differs_from_exchange
        from marts.market_breadth where trade_date between ? and ?""",
    "sectors": """
        select trade_date, sector, sector_zh, change_pct, advancers, decliners, unchanged, traded_count,
               turnover_hkd
        from marts.sector_daily where trade_date between ? and ?
        order by trade_date, change_pct desc, sector""",
    # Sub-sectors (a source's finer sectors, stock_daily.sub_sector): their turnover-weighted move,
    # how many of their stocks traded, and their most traded stocks, as sector_daily and
    # sector_leaders compute them for sectors.
    "sub_sectors": """
        select stock.trade_date, stock.sector, stock.sub_sector,
               coalesce(any_value(names.sector_zh), stock.sub_sector) as sub_sector_zh,
               round(coalesce(sum(stock.change_pct_exact * stock.turnover_hkd) / nullif(sum(stock.turnover_hkd), 0),
                              avg(stock.change_pct_exact)), 2) as change_pct,
               count(*) filter (where stock.turnover_hkd > 0) as traded_count
        from marts.stock_daily as stock
        left join reference.sector_names as names on stock.sub_sector = names.sector
        where stock.trade_date between ? and ? and stock.sub_sector is not null and stock.movement is not null
        group by stock.trade_date, stock.sector, stock.sub_sector""",
    "sub_sector_leaders": """
        select trade_date, sub_sector, code, name, currency, close, change_pct, turnover_hkd, sector, note, note_zh
        from marts.stock_daily
        where trade_date between ? and ? and sub_sector is not null and movement is not null
            and is_unconfirmed_outlier is not true
        qualify row_number() over (partition by trade_date, sector, sub_sector order by turnover_hkd desc, code) <= ?
        order by trade_date, sector, sub_sector, turnover_hkd desc, code""",
    "sector_leaders": """
        select trade_date, sector, code, name, currency, close, change_pct, turnover_hkd, note, note_zh
        from marts.sector_leaders where trade_date between ? and ?
        order by trade_date, sector, rank""",
    "macro": """
        select trade_date, indicator, label, label_zh, period, value, unit, released_on, published_by,
               prior_period, prior_value, is_revised_possible
        from marts.macro_latest where trade_date between ? and ?
        order by trade_date, coalesce(display_order, 999), indicator""",
    "popular": """
        select trade_date, code, name, currency, close, change_pct, turnover_hkd, sector, note, note_zh
        from marts.popular_stocks where trade_date between ? and ?
        order by trade_date, position""",
    "movers": """
        select trade_date, direction, code, name, currency, close, change_pct, turnover_hkd, sector, note,
               usual_move_pct, times_usual_move, note_zh
        from marts.notable_movers where trade_date between ? and ?
        order by trade_date, direction, rank""",
    # Chinese names, sub-sectors and short-selling ratios of the stocks a report can show (the others' would be
    # read for nothing: about 900 rows a day instead of about 70).
    "shown_stocks": """
        with shown as (
            select trade_date, code from marts.turnover_ranking
            where trade_date between $start and $end and rank <= $top
            union select trade_date, code from marts.popular_stocks where trade_date between $start and $end
            union select trade_date, code from marts.sector_leaders where trade_date between $start and $end
            union select trade_date, code from marts.notable_movers where trade_date between $start and $end
            union select trade_date, code from marts.stock_daily
            where trade_date between $start and $end and sub_sector is not null
        )
        select shown.trade_date, shown.code, stock.name_zh, stock.sub_sector, 100 * short.short_ratio as short_ratio_pct
        from shown
        left join marts.stock_daily as stock using (trade_date, code)
        left join marts.short_selling as short using (trade_date, code)
        where stock.name_zh is not null or stock.sub_sector is not null or short.short_ratio is not null""",
    "capital_flows": """
        select trade_date, channel, buy_turnover_hkd, sell_turnover_hkd, net_buy_hkd, most_bought_code,
               most_bought_name, most_bought_name_zh, most_bought_net_hkd, most_sold_code, most_sold_name,
               most_sold_name_zh, most_sold_net_hkd
        from marts.capital_flows where trade_date between ? and ?
        order by trade_date, channel""",
    "indicators": """
        select indicator, label, label_zh from reference.macro_indicators order by display_order""",
    "stock_notes": """
        select trade_date,
               map_from_entries(list({'key': currency, 'value': fx_rate_date}) filter (
                   where fx_rate_date is not null and fx_rate_date < trade_date)) as earlier_fx_rates,
               100 * sum(turnover_hkd) filter (where sector = 'Unclassified') / nullif(sum(turnover_hkd), 0)
                   as unclassified_turnover_pct,
               list(code order by code) filter (where is_unconfirmed_outlier) as left_out
        from marts.stock_daily where trade_date between ? and ?
        group by trade_date""",
    "overrides": """
        select trade_date, kind, delivered_from from marts.provenance
        where trade_date between ? and ? and is_override order by kind""",
    "ranking": """
        select trade_date, code, name, currency, close, change_pct, turnover_hkd, sector
        from marts.turnover_ranking where trade_date between ? and ? and rank <= ?
        order by trade_date, rank""",
}


def _rows_by_day(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | dict[str, Any]
) -> dict[date, list[dict]]:
    cursor = con.execute(sql, params)
    columns = [d[0] for d in cursor.description]
    by_day: dict[date, list[dict]] = defaultdict(list)
    for row in cursor.fetchall():
        record = dict(zip(columns, row, strict=True))
        by_day[record.pop("trade_date")].append(record)
    return by_day


def featured_sectors(
    ranking: list[StockMove],
    sectors: dict[str, SectorMove],
    sub_sectors: dict[tuple[str, str], SubSectorMove],
) -> list[SectorMove]:
    """The sectors of the day's most traded stocks: walking down the turnover ranking, the first
    distinct sectors that may be named (rules.can_name_sector), in that order. Inside each, the
    sub-sectors of the day's three most traded stocks that belong to it and may be named."""
    chosen: list[SectorMove] = []
    for stock in ranking:
        sector = sectors.get(stock.sector)
        if sector and sector.sector not in {c.sector for c in chosen} and can_name_sector(sector):
            chosen.append(sector)
        if len(chosen) == FEATURED_SECTOR_COUNT:
            break
    top = ranking[:SUB_SECTORS_FROM_TOP]
    featured = []
    for sector in chosen:
        inside = dict.fromkeys(stock.sub_sector for stock in top if stock.sector == sector.sector)
        named = [sub_sectors[sector.sector, name] for name in inside if (sector.sector, name) in sub_sectors]
        featured.append(replace(sector, sub_sectors=[s for s in named if can_name_sector(s)]))
    return featured


def load_figures(con: duckdb.DuckDBPyConnection, days: list[date]) -> dict[date, DayFigures]:
    """Every report figure for the given days, with one query per mart for the whole window."""
    if not days:
        return {}
    window = [min(days), max(days)]
    indexes = _rows_by_day(con, QUERIES["indexes"], window)
    breadth = _rows_by_day(con, QUERIES["breadth"], window)
    sectors = _rows_by_day(con, QUERIES["sectors"], window)
    leaders = _rows_by_day(con, QUERIES["sector_leaders"], window)
    sub_sectors = _rows_by_day(con, QUERIES["sub_sectors"], window)
    sub_sector_leaders = _rows_by_day(con, QUERIES["sub_sector_leaders"], [*window, SUB_SECTOR_LEADER_COUNT])
    macro = _rows_by_day(con, QUERIES["macro"], window)
    popular = _rows_by_day(con, QUERIES["popular"], window)
    ranking = _rows_by_day(con, QUERIES["ranking"], [*window, RANKED])
    movers = _rows_by_day(con, QUERIES["movers"], window)
    named = {"start": window[0], "end": window[1], "top": RANKED}
    shown_stocks = {
        (day, r["code"]): r for day, rows in _rows_by_day(con, QUERIES["shown_stocks"], named).items() for r in rows
    }
    flows = _rows_by_day(con, QUERIES["capital_flows"], window)
    stock_notes = {day: rows[0] for day, rows in _rows_by_day(con, QUERIES["stock_notes"], window).items()}
    indicators = con.execute(QUERIES["indicators"]).fetchall()
    overrides = _rows_by_day(con, QUERIES["overrides"], window)

    def stock(day: date, record: dict) -> StockMove:
        extra = shown_stocks.get((day, record["code"]), {})
        return StockMove(
            **record,
            name_zh=extra.get("name_zh"),
            sub_sector=extra.get("sub_sector"),
            short_ratio_pct=extra.get("short_ratio_pct"),
        )

    def shown(day: date, stocks: list[StockMove]) -> list[StockMove]:
        """Without the stocks whose unconfirmed, implausible move keeps them out of the report."""
        left_out = set(stock_notes.get(day, {}).get("left_out") or [])
        return [s for s in stocks if s.code not in left_out]

    figures = {}
    for day in days:
        day_ranking = shown(day, [stock(day, r) for r in ranking.get(day, [])])
        top = day_ranking[:TOP_COUNT]
        day_breadth = Breadth(**breadth[day][0]) if breadth.get(day) else None
        day_leaders: dict[str, list[StockMove]] = defaultdict(list)
        for record in leaders.get(day, []):
            day_leaders[record["sector"]] += shown(day, [stock(day, record)])
        day_sectors = [SectorMove(**s, leaders=day_leaders.get(s["sector"], [])) for s in sectors.get(day, [])]
        # A sub-sector is known by its sector and its name: a source may use one name in two sectors.
        by_sub_sector: dict[tuple[str, str], list[StockMove]] = defaultdict(list)
        for record in sub_sector_leaders.get(day, []):
            by_sub_sector[record["sector"], record.pop("sub_sector")].append(stock(day, record))
        day_sub_sectors = {
            (r["sector"], r["sub_sector"]): SubSectorMove(
                **{k: v for k, v in r.items() if k != "sector"}, leaders=by_sub_sector[r["sector"], r["sub_sector"]]
            )
            for r in sub_sectors.get(day, [])
        }
        day_movers = movers.get(day, [])
        day_macro = [MacroFigure(**r) for r in macro.get(day, [])]
        known = {m.indicator for m in day_macro}
        notes = stock_notes.get(day, {})
        figures[day] = DayFigures(
            trade_date=day,
            indexes=[IndexMove(**r) for r in indexes.get(day, [])],
            breadth=day_breadth,
            featured_sectors=featured_sectors(day_ranking, {s.sector: s for s in day_sectors}, day_sub_sectors),
            all_sectors=[s for s in day_sectors if s.sector != UNCLASSIFIED],
            macro=day_macro,
            popular_stocks=shown(day, [stock(day, r) for r in popular.get(day, [])]),
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
            capital_flows=(day_flows := [CapitalFlow(**r) for r in flows.get(day, [])]),
            southbound=both_channels(day_flows),
            # Only once a day has any macro figure: a source without macro data is not missing each one.
            missing_macro=[MissingIndicator(label, label_zh) for i, label, label_zh in indicators if i not in known]
            if known
            else [],
            earlier_fx_rates=dict(notes.get("earlier_fx_rates") or {}),
            unclassified_turnover_pct=notes.get("unclassified_turnover_pct") or None,
            left_out=list(notes.get("left_out") or []),
            overrides={r["kind"]: r["delivered_from"] for r in overrides.get(day, [])},
        )
    return figures
