"""The SQL that reads a window of days' report figures from the marts: one query per mart (and per
figure the marts give by parts), each returning one row per day and thing, with its trade_date.
The marts these queries name are the report asset's dependencies (`marts_read`)."""

import re

QUERIES = {
    "indexes": """
        select trade_date, index_code as code, index_name as name, index_name_zh as name_zh, close, prev_close,
               change_points, change_pct, change_5d_pct, change_ytd_pct, open, high, low,
               index_short_name_zh as short_name_zh, streak_days, last_larger_move_on,
               trading_days_since_larger_move, constituent_count, constituents_up, constituents_down,
               best_constituent_code, worst_constituent_code
        from marts.index_daily where trade_date between ? and ? and measures_sector is null
        order by trade_date, coalesce(display_order, 999), index_code""",
    "breadth": """
        select trade_date, advancers, decliners, unchanged, total, suspended, new_52_week_highs,
               new_52_week_lows, advance_decline_ratio, turnover_hkd, exchange_turnover_hkd, exchange_advanced,
               exchange_declined, exchange_unchanged, short_turnover_hkd, 100 * short_ratio as short_ratio_pct,
               differs_from_exchange, prev_turnover_hkd, turnover_change_pct
        from marts.market_breadth where trade_date between ? and ?""",
    "sectors": """
        select sector.trade_date, sector.sector, sector.sector_zh, sector.change_pct, sector.advancers,
               sector.decliners, sector.unchanged, sector.traded_count, sector.turnover_hkd, sector.change_measure,
               sector.heaviest_name, heaviest.name_zh as heaviest_name_zh, sector.heaviest_weight_pct
        from marts.sector_daily as sector
        left join marts.stock_daily as heaviest
            on sector.trade_date = heaviest.trade_date and sector.heaviest_code = heaviest.code
        where sector.trade_date between ? and ?
        order by sector.trade_date, sector.change_pct desc, sector.sector""",
    # Sub-sectors (a source's finer sectors, stock_daily.sub_sector), measured as sector_daily
    # measures a sector without a published index: weighted by market value where every company's
    # is known, else the median move of the companies that traded; counted in companies (an RMB
    # counter with its HKD counter); and their most traded companies, as sector_leaders gives a
    # sector's.
    "sub_sectors": """
        select stock.trade_date, stock.sector, stock.sub_sector,
               coalesce(any_value(names.sector_zh), stock.sub_sector) as sub_sector_zh,
               round(case when bool_and(stock.weight_hkd is not null) and sum(stock.weight_hkd) > 0
                          then sum(stock.change_pct_exact * stock.weight_hkd) / sum(stock.weight_hkd)
                          else coalesce(median(stock.change_pct_exact) filter (where stock.turnover_hkd > 0),
                                        median(stock.change_pct_exact)) end, 2) as change_pct,
               case when bool_and(stock.weight_hkd is not null) and sum(stock.weight_hkd) > 0 then 'market_value'
                    else 'median' end as change_measure,
               count(*) filter (where stock.turnover_hkd > 0) as traded_count
        from (
            select *, market_value_hkd / (1 + change_pct_exact / 100) as weight_hkd from marts.stock_daily
            where trade_date between ? and ? and sub_sector is not null and movement is not null
                and hkd_counter_code is null
        ) as stock
        left join reference.sector_names as names on stock.sub_sector = names.sector
        group by stock.trade_date, stock.sector, stock.sub_sector""",
    "sub_sector_leaders": """
        select trade_date, sub_sector, code, name, currency, close, change_pct, turnover_hkd, sector, note, note_zh
        from marts.stock_daily
        where trade_date between ? and ? and sub_sector is not null and movement is not null
            and is_unconfirmed_outlier is not true and hkd_counter_code is null
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
    # Chinese and short names, sub-sectors, short-selling ratios and RMB counters' moves of the
    # stocks a report can show (the others' would be read for nothing: about 900 rows a day
    # instead of about 70).
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
        select shown.trade_date, shown.code, stock.name_zh, stock.short_name, stock.has_proper_name, stock.sub_sector,
               100 * short.short_ratio as short_ratio_pct, rmb.change_pct as rmb_counter_change_pct
        from shown
        left join marts.stock_daily as stock using (trade_date, code)
        left join marts.short_selling as short using (trade_date, code)
        left join marts.stock_daily as rmb
            on rmb.trade_date = shown.trade_date and rmb.hkd_counter_code = shown.code
                and rmb.movement is not null""",
    # The best and worst constituent of each index, whole.
    "constituents": """
        select stock.trade_date, stock.code, stock.name, stock.currency, stock.close, stock.change_pct,
               stock.turnover_hkd, stock.sector, stock.name_zh, stock.short_name, stock.has_proper_name
        from marts.index_daily as index
        inner join marts.stock_daily as stock
            on index.trade_date = stock.trade_date
                and stock.code in (index.best_constituent_code, index.worst_constituent_code)
        where index.trade_date between ? and ?""",
    "southbound_stocks": """
        select south.trade_date, south.code, south.name, south.short_name, south.name_zh, south.net_buy_hkd,
               south.shanghai_net_buy_hkd, south.shenzhen_net_buy_hkd, south.is_in_both_lists,
               coalesce(stock.has_proper_name, false) as has_proper_name
        from marts.southbound_stocks as south
        left join marts.stock_daily as stock using (trade_date, code)
        where south.trade_date between ? and ? and south.is_in_both_lists
        order by south.trade_date, south.net_buy_hkd desc, south.code""",
    "capital_flows": """
        select trade_date, channel, buy_turnover_hkd, sell_turnover_hkd, net_buy_hkd, prev_net_buy_hkd
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


def marts_read() -> tuple[str, ...]:
    """Every mart the queries read, in name order: the report asset depends on exactly these."""
    return tuple(sorted({name for sql in QUERIES.values() for name in re.findall(r"\bmarts\.(\w+)", sql)}))
