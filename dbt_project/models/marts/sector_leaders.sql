-- The most traded stocks of each sector and day (by HKD turnover), the sector's leaders.

with

stock_daily as (
    select * from {{ ref('stock_daily') }}
    where {{ trade_date_window() }}
),

ranked as (
    select
        trade_date,
        sector,
        row_number() over (
            partition by trade_date, sector order by turnover_hkd desc, code asc
        ) as rank,
        code,
        name,
        sub_sector,
        currency,
        close,
        change_pct,
        turnover_hkd,
        note,
        note_zh
    from stock_daily
    where movement is not null
        and is_unconfirmed_outlier is not true
),

final as (
    select * from ranked
    where rank <= {{ var('sector_leader_count') }}
)

select * from final
