-- The most traded stocks of each sector and day (by HKD turnover), the sector's leaders; an RMB
-- counter is its company's HKD counter's, never a leader of its own.

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
        -- A company leads once, at its HKD counter.
        and hkd_counter_code is null
),

final as (
    select * from ranked
    where rank <= {{ var('sector_leader_count') }}
)

select * from final
