-- Advancers, decliners and unchanged per trading day, over the breadth universe: securities of
-- the breadth categories that have a close and a previous close and are not suspended; and how
-- many of them closed at a 52-week high or low (over the history the warehouse holds); beside
-- them, the exchange's own totals of the day, the market's short selling, and the turnover of the
-- previous trading day when the warehouse holds it.

with

stock_history as (
    select * from {{ ref('stock_daily') }}
    where trade_date >= {{ window_start() }} - interval 371 day
        and trade_date < {{ window_end() }}
),

with_52_week_range as (
    select
        *,
        max(coalesce(high, close)) over past_year as high_52_weeks,
        min(coalesce(low, close)) over past_year as low_52_weeks,
        count(*) over past_year as trading_days_in_past_year
    from stock_history
    window past_year as (
        partition by code order by trade_date
        range between interval 364 day preceding and interval 1 day preceding
    )
),

stock_daily as (
    select * from with_52_week_range
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
        -- Counted once the warehouse holds a year of the stock's history; null before it holds any.
        case
            when max(trading_days_in_past_year) >= {{ var('trading_days_in_a_year') }} then
                count(*) filter (
                    where movement is not null
                    and close > high_52_weeks
                    and trading_days_in_past_year >= {{ var('trading_days_in_a_year') }}
                )
        end as new_52_week_highs,
        case
            when max(trading_days_in_past_year) >= {{ var('trading_days_in_a_year') }} then
                count(*) filter (
                    where movement is not null
                    and close < low_52_weeks
                    and trading_days_in_past_year >= {{ var('trading_days_in_a_year') }}
                )
        end as new_52_week_lows,
        -- To the cent: a sum of doubles that are not whole (turnover converted from CNY) depends
        -- on the order DuckDB's threads add them in, and a rebuilt day must give the same figure.
        round(sum(turnover_hkd), 2) as turnover_hkd
    from stock_daily
    group by trade_date
),

trading_calendar as (
    select * from {{ ref('trading_calendar') }}
),

-- Each held day's turnover: the window's as `counted` sums it, and, for the window's first day,
-- the days before it back far enough to reach the previous trading day across the longest holiday.
earlier_turnover as (
    select
        trade_date,
        turnover_hkd
    from counted
    union all
    select
        trade_date,
        round(sum(turnover_hkd), 2) as turnover_hkd
    from stock_history
    where trade_date >= {{ window_start() }} - interval 15 day
        and trade_date < {{ window_start() }}
    group by trade_date
),

exchange_totals as (
    select * from {{ ref('stg_raw__exchange_totals') }}
    where {{ trade_date_window() }}
),

short_selling as (
    select
        trade_date,
        round(sum(short_turnover_hkd), 2) as short_turnover_hkd  -- to the cent, as turnover_hkd
    from {{ ref('short_selling') }}
    where {{ trade_date_window() }}
    group by trade_date
),

final as (
    select
        counted.*,
        round(counted.advancers / nullif(counted.decliners, 0), 2) as advance_decline_ratio,
        exchange_totals.total_turnover_hkd as exchange_turnover_hkd,
        exchange_totals.advanced as exchange_advanced,
        exchange_totals.declined as exchange_declined,
        exchange_totals.unchanged as exchange_unchanged,
        short_selling.short_turnover_hkd,
        short_selling.short_turnover_hkd / nullif(counted.turnover_hkd, 0) as short_ratio,
        trading_calendar.previous_trading_date,
        previous_day.turnover_hkd as prev_turnover_hkd,
        round((counted.turnover_hkd / nullif(previous_day.turnover_hkd, 0) - 1) * 100, 2)
            as turnover_change_pct,
        -- Beyond what the difference of universes explains (tests/exchange_totals_agree.sql).
        coalesce(
            abs(counted.turnover_hkd / nullif(exchange_totals.total_turnover_hkd, 0) - 1)
            > {{ var('exchange_turnover_tolerance') }}
            or counted.advancers > exchange_totals.advanced
            or counted.decliners > exchange_totals.declined,
            false
        ) as differs_from_exchange
    from counted
    left join exchange_totals
        on counted.trade_date = exchange_totals.trade_date
    left join short_selling
        on counted.trade_date = short_selling.trade_date
    inner join trading_calendar
        on counted.trade_date = trading_calendar.date
    left join earlier_turnover as previous_day
        on trading_calendar.previous_trading_date = previous_day.trade_date
)

select * from final
