-- Short selling per security and trading day, in HKD, and its share of the security's turnover.

with

short_selling as (
    select * from {{ ref('stg_raw__short_selling') }}
    where {{ trade_date_window() }}
),

stock_daily as (
    select * from {{ ref('stock_daily') }}
    where {{ trade_date_window() }}
),

final as (
    select
        short_selling.trade_date,
        short_selling.code,
        stock_daily.name,
        stock_daily.name_zh,
        short_selling.short_volume as short_shares,
        short_selling.short_turnover * stock_daily.hkd_per_unit as short_turnover_hkd,
        stock_daily.turnover_hkd,
        short_selling.short_turnover * stock_daily.hkd_per_unit
        / nullif(stock_daily.turnover_hkd, 0) as short_ratio
    from short_selling
    inner join stock_daily
        on short_selling.trade_date = stock_daily.trade_date
        and short_selling.code = stock_daily.code
)

select * from final
