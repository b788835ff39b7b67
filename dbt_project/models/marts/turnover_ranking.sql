-- The day's most traded securities by HKD turnover (other currencies at the day's rate).

with

stock_daily as (
    select * from {{ ref('stock_daily') }}
    where {{ trade_date_window() }}
),

ranked as (
    select
        trade_date,
        row_number() over (
            partition by trade_date order by turnover_hkd desc, code asc
        ) as rank,
        code,
        name,
        sector,
        currency,
        close,
        change_pct,
        turnover_hkd
    from stock_daily
    where turnover_hkd > 0
),

final as (
    select * from ranked
    where rank <= {{ var('turnover_ranking_size') }}
)

select * from final
