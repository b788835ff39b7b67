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
    SouthboundStock,
    StockMove,
    SubSectorMove,
    both_channels,
)
from pipelines.report.queries import QUERIES
from pipelines.report.rules import can_name_sector

FEATURED_SECTOR_COUNT = 3
TOP_COUNT = 10
RANKED = 50  # the ranking read: the top 10 after the stocks left out of the report, and the featured sectors
# The sub-sectors named inside a featured sector: those of the day's most traded stocks, this many.
SUB_SECTORS_FROM_TOP = 3
SUB_SECTOR_LEADER_COUNT = 3


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
    sub-sectors of the day's three most traded stocks that belong to it: the prose gives a
    sub-sector's move only where it may be named, else only its stocks'."""
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
        featured.append(replace(sector, sub_sectors=named))
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
    southbound_stocks = _rows_by_day(con, QUERIES["southbound_stocks"], window)
    constituents = {
        (day, r["code"]): r for day, rows in _rows_by_day(con, QUERIES["constituents"], window).items() for r in rows
    }
    stock_notes = {day: rows[0] for day, rows in _rows_by_day(con, QUERIES["stock_notes"], window).items()}
    indicators = con.execute(QUERIES["indicators"]).fetchall()
    overrides = _rows_by_day(con, QUERIES["overrides"], window)

    def stock(day: date, record: dict) -> StockMove:
        extra = shown_stocks.get((day, record["code"]), {})
        return StockMove(
            **record,
            name_zh=extra.get("name_zh"),
            short_name=extra.get("short_name"),
            has_proper_name=bool(extra.get("has_proper_name")),
            sub_sector=extra.get("sub_sector"),
            short_ratio_pct=extra.get("short_ratio_pct"),
            rmb_counter_change_pct=extra.get("rmb_counter_change_pct"),
        )

    def index(day: date, record: dict) -> IndexMove:
        best, worst = record.pop("best_constituent_code"), record.pop("worst_constituent_code")
        return IndexMove(
            **record,
            best_constituent=StockMove(**constituents[day, best]) if best else None,
            worst_constituent=StockMove(**constituents[day, worst]) if worst else None,
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
        day_popular = shown(day, [stock(day, r) for r in popular.get(day, [])])
        # A stock is in one list of a day: a popular stock is not a notable mover as well.
        popular_codes = {s.code for s in day_popular}
        day_movers = [r for r in movers.get(day, []) if r["code"] not in popular_codes]
        day_macro = [MacroFigure(**r) for r in macro.get(day, [])]
        known = {m.indicator for m in day_macro}
        notes = stock_notes.get(day, {})
        figures[day] = DayFigures(
            trade_date=day,
            indexes=[index(day, r) for r in indexes.get(day, [])],
            breadth=day_breadth,
            featured_sectors=featured_sectors(day_ranking, {s.sector: s for s in day_sectors}, day_sub_sectors),
            all_sectors=[s for s in day_sectors if s.sector != UNCLASSIFIED],
            macro=day_macro,
            popular_stocks=day_popular,
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
            southbound_stocks=[SouthboundStock(**r) for r in southbound_stocks.get(day, [])],
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
