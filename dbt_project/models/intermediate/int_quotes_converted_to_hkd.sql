-- Quotes with turnover in HKD (the day's rate for other trading currencies) and the day's move.

with

quotes as (
    select * from {{ ref('stg_raw__quotes') }}
),

fx as (
    select * from {{ ref('stg_raw__fx') }}
),

converted as (
    select
        quotes.*,
        case when quotes.currency = 'HKD' then 1.0 else fx.hkd_per_unit end as hkd_per_unit,
        quotes.turnover
            * case when quotes.currency = 'HKD' then 1.0 else fx.hkd_per_unit end as turnover_hkd
    from quotes
    left join fx
        on quotes.trade_date = fx.trade_date
        and quotes.currency = fx.currency
),

moved as (
    select
        *,
        close - prev_close as change,
        (close / prev_close - 1) * 100 as change_pct_exact,
        case
            when is_suspended or close is null or prev_close is null then null
            when close > prev_close then 'advancer'
            when close < prev_close then 'decliner'
            else 'unchanged'
        end as movement
    from converted
)

select * from moved
