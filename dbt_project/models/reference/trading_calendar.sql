-- Every date with HKEX's trading status and the trading day before it.

with

calendar as (
    select * from {{ ref('hkex_calendar') }}
),

final as (
    select
        date,
        is_trading_day,
        is_half_day,
        -- The last trading day strictly before this date (for a holiday: the day before it).
        max(case when is_trading_day then date end) over (
            order by date rows between unbounded preceding and 1 preceding
        ) as previous_trading_date
    from calendar
)

select * from final
