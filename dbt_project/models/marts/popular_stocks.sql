-- The day's popular stocks: the editor's watchlist when there is one; otherwise the largest
-- absolute moves among stocks that traded at least the turnover threshold.

-- stock_daily is read where it is needed rather than through one CTE: DuckDB writes out a CTE that
-- two parts of a query read (ten years of stock_daily: 1.6 GB spilled to disk and read back).

with

watchlist as (
    select * from {{ ref('stg_raw__watchlist') }}
    where {{ trade_date_window() }}
),

days_with_watchlist as (
    select distinct trade_date from watchlist
),

from_watchlist as (
    select
        watchlist.trade_date,
        row_number() over (
            partition by watchlist.trade_date order by watchlist.position
        ) as position,
        watchlist.code,
        'watchlist' as selected_by
    from watchlist
),

by_rule as (
    select
        stock_daily.trade_date,
        row_number() over (
            partition by stock_daily.trade_date
            order by abs(stock_daily.change_pct_exact) desc, stock_daily.code asc
        ) as position,
        stock_daily.code,
        'largest_moves' as selected_by
    from {{ ref('stock_daily') }} as stock_daily
    anti join days_with_watchlist
        on stock_daily.trade_date = days_with_watchlist.trade_date
    where {{ trade_date_window('stock_daily.trade_date') }}
        and stock_daily.movement is not null
        and stock_daily.is_unconfirmed_outlier is not true
        and stock_daily.hkd_counter_code is null
        and stock_daily.turnover_hkd >= {{ var('popular_min_turnover_hkd') }}
    qualify position <= {{ var('popular_stock_count') }}
),

selected as (
    select * from from_watchlist
    union all
    select * from by_rule
),

final as (
    select
        selected.trade_date,
        selected.position,
        selected.code,
        stock_daily.name,
        stock_daily.sector,
        stock_daily.currency,
        stock_daily.close,
        stock_daily.change_pct,
        stock_daily.turnover_hkd,
        stock_daily.note,
        stock_daily.note_zh,
        selected.selected_by
    from selected
    inner join {{ ref('stock_daily') }} as stock_daily
        on selected.trade_date = stock_daily.trade_date
        and selected.code = stock_daily.code
)

select * from final
