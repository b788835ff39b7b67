-- The stocks of southbound Stock Connect's published most-traded lists, one row per stock and day,
-- with each channel's figures side by side and their sum. HKEX publishes each channel's ten most
-- traded stocks only, so a stock outside one channel's list has no figure there: its combined net
-- covers the lists it is in, and `is_in_both_lists` says whether that is both channels.

with

top_stocks as (
    select * from {{ ref('stg_raw__southbound_stocks') }}
    where {{ trade_date_window() }}
),

stock_daily as (
    select * from {{ ref('stock_daily') }}
    where {{ trade_date_window() }}
),

by_stock as (
    select
        trade_date,
        code,
        any_value(rank) filter (where channel = 'Shanghai') as shanghai_rank,
        any_value(buy_turnover_hkd - sell_turnover_hkd) filter (where channel = 'Shanghai')
            as shanghai_net_buy_hkd,
        any_value(rank) filter (where channel = 'Shenzhen') as shenzhen_rank,
        any_value(buy_turnover_hkd - sell_turnover_hkd) filter (where channel = 'Shenzhen')
            as shenzhen_net_buy_hkd,
        sum(buy_turnover_hkd) as buy_turnover_hkd,
        sum(sell_turnover_hkd) as sell_turnover_hkd
    from top_stocks
    group by trade_date, code
),

final as (
    select
        by_stock.trade_date,
        by_stock.code,
        -- A stock listed since the securities list was fetched still has its code.
        coalesce(stock_daily.name, by_stock.code) as name,  -- noqa: RF04
        coalesce(stock_daily.short_name, stock_daily.name, by_stock.code) as short_name,
        stock_daily.name_zh,
        by_stock.shanghai_rank,
        by_stock.shanghai_net_buy_hkd,
        by_stock.shenzhen_rank,
        by_stock.shenzhen_net_buy_hkd,
        by_stock.shanghai_rank is not null
        and by_stock.shenzhen_rank is not null as is_in_both_lists,
        by_stock.buy_turnover_hkd,
        by_stock.sell_turnover_hkd,
        by_stock.buy_turnover_hkd - by_stock.sell_turnover_hkd as net_buy_hkd
    from by_stock
    left join stock_daily
        on by_stock.trade_date = stock_daily.trade_date
        and by_stock.code = stock_daily.code
)

select * from final
