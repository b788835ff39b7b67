-- Advancers, decliners and unchanged per trading day, over the breadth universe: securities of
-- the breadth categories that have a close and a previous close and are not suspended.

with

stock_daily as (
    select * from {{ ref('stock_daily') }}
    where {{ trade_date_window() }}
),

counted as (
    select
        trade_date,
        count(*) filter (where movement = 'advancer') as advancers,
        count(*) filter (where movement = 'decliner') as decliners,
        count(*) filter (where movement = 'unchanged') as unchanged,
        count(movement) as total,
        count(*) filter (where is_in_breadth_universe and is_suspended) as suspended,
        sum(turnover_hkd) as turnover_hkd
    from stock_daily
    group by trade_date
),

final as (
    select
        *,
        round(advancers / nullif(decliners, 0), 2) as advance_decline_ratio
    from counted
)

select * from final
