-- Index levels per day and their move, over the day, five trading days and the year to date; the
-- day's range; how its constituents moved, where the source lists them; and the streak and the
-- record a closing wrap gives ("its third straight fall", "its largest fall since 7 April"), each
-- only where the warehouse holds the days it rests on. A file without a previous close takes the
-- index's close of the previous trading day in the lake (which skips weekends and holidays by
-- construction).

with

indexes as (
    select * from {{ ref('stg_raw__indexes') }}
    -- Look back far enough to reach the previous year's last close.
    where trade_date >= {{ window_start() }} - interval {{ var('index_lookback_days') }} day
        and trade_date < {{ window_end() }}
),

index_reference as (
    select * from {{ ref('index_reference') }}
),

trading_calendar as (
    select
        *,
        count(*) filter (where is_trading_day) over (order by date) as trading_day_number
    from {{ ref('trading_calendar') }}
),

constituents as (
    select * from {{ ref('stg_raw__index_constituents') }}
    where {{ trade_date_window() }}
),

stock_daily as (
    select * from {{ ref('stock_daily') }}
    where {{ trade_date_window() }}
),

with_prev_close as (
    select
        indexes.*,
        coalesce(
            indexes.prev_close,
            lag(indexes.close) over by_day
        ) as prev_close_resolved,
        lag(indexes.close, 5) over by_day as close_5_days_before,
        -- Whether the warehouse holds the trading day before this one (no gap in the history).
        coalesce(
            lag(indexes.trade_date) over by_day = trading_calendar.previous_trading_date, false
        )
            as follows_held_day,
        trading_calendar.trading_day_number,
        row_number() over by_day as held_number
    from indexes
    inner join trading_calendar
        on indexes.trade_date = trading_calendar.date
    window by_day as (partition by indexes.index_code order by indexes.trade_date)
),

moves as (
    select
        *,
        (close / prev_close_resolved - 1) * 100 as change_pct_exact,
        sign(close - prev_close_resolved) as direction
    from with_prev_close
),

-- Runs of days that moved the same way; a run is counted only when the warehouse holds the day
-- before it began (which moved otherwise), so a short history never makes a streak up.
runs as (
    select
        *,
        sum(starts_run::int) over (partition by index_code order by trade_date) as run_number
    from (
        select
            *,
            coalesce(
                not follows_held_day
                or direction <> lag(direction) over (partition by index_code order by trade_date),
                true
            ) as starts_run,
            follows_held_day
            and direction <> lag(direction) over (partition by index_code order by trade_date)
                as is_known_run_start
        from moves
    ) as marked
),

streaks as (
    select
        *,
        case
            when direction <> 0
                and first_value(is_known_run_start) over run then
                direction * row_number() over run
        end as streak_days
    from runs
    window run as (partition by index_code, run_number order by trade_date)
),

-- The last earlier day with a move as large the same way, within the lookback: the day's move is
-- the largest since then, when the warehouse holds every trading day in between.
larger_moves as (
    select
        on_day.index_code,
        on_day.trade_date,
        arg_max(earlier.trade_date, earlier.trade_date) as last_larger_move_on,
        arg_max(earlier.trading_day_number, earlier.trade_date) as larger_move_day_number,
        arg_max(earlier.held_number, earlier.trade_date) as larger_move_held_number
    from moves as on_day
    inner join moves as earlier
        on on_day.index_code = earlier.index_code
        and on_day.trade_date > earlier.trade_date
        and earlier.trade_date >= on_day.trade_date - interval {{ var('index_lookback_days') }} day
        and on_day.direction = earlier.direction
        and abs(earlier.change_pct_exact) >= abs(on_day.change_pct_exact)
    where {{ trade_date_window('on_day.trade_date') }}
        and on_day.direction <> 0
    group by on_day.index_code, on_day.trade_date
),

-- Every listed constituent counts; the day's moves are those of the constituents that moved.
constituent_moves as (
    select
        constituents.trade_date,
        constituents.index_code,
        count(*) as constituent_count,
        count(*) filter (where stock_daily.movement = 'advancer') as constituents_up,
        count(*) filter (where stock_daily.movement = 'decliner') as constituents_down,
        arg_max(stock_daily.code, (stock_daily.change_pct_exact, -stock_daily.code::int))
        filter (where stock_daily.change_pct_exact is not null)
            as best_constituent_code,
        arg_max(stock_daily.name, (stock_daily.change_pct_exact, -stock_daily.code::int))
        filter (where stock_daily.change_pct_exact is not null)
            as best_constituent_name,
        max(stock_daily.change_pct_exact) as best_constituent_change_pct_exact,
        arg_min(stock_daily.code, (stock_daily.change_pct_exact, stock_daily.code::int))
        filter (where stock_daily.change_pct_exact is not null)
            as worst_constituent_code,
        arg_min(stock_daily.name, (stock_daily.change_pct_exact, stock_daily.code::int))
        filter (where stock_daily.change_pct_exact is not null)
            as worst_constituent_name,
        min(stock_daily.change_pct_exact) as worst_constituent_change_pct_exact
    from constituents
    left join stock_daily
        on constituents.trade_date = stock_daily.trade_date
        and constituents.code = stock_daily.code
        and stock_daily.movement is not null
        and stock_daily.is_unconfirmed_outlier is not true
    group by constituents.trade_date, constituents.index_code
),

-- Each year's last close: the base of the following year's year-to-date change.
year_end_closes as (
    select
        index_code,
        year(trade_date) + 1 as ytd_year,
        arg_max(close, trade_date) as close
    from indexes
    group by index_code, year(trade_date)
),

final as (
    select
        streaks.trade_date,
        streaks.index_code,
        coalesce(index_reference.index_name, streaks.index_code) as index_name,
        coalesce(
            index_reference.index_name_zh, index_reference.index_name, streaks.index_code
        ) as index_name_zh,
        index_reference.index_short_name_zh,
        index_reference.display_order,
        index_reference.measures_sector,
        streaks.open,
        streaks.high,
        streaks.low,
        streaks.close,
        streaks.prev_close_resolved as prev_close,
        round(streaks.close - streaks.prev_close_resolved, 2) as change_points,
        round(streaks.change_pct_exact, 2) as change_pct,
        streaks.change_pct_exact,
        round(
            (streaks.close / streaks.close_5_days_before - 1) * 100, 2
        ) as change_5d_pct,
        round((streaks.close / year_end_closes.close - 1) * 100, 2) as change_ytd_pct,
        streaks.streak_days,
        case
            when streaks.trading_day_number - larger_moves.larger_move_day_number
                = streaks.held_number - larger_moves.larger_move_held_number
                then larger_moves.last_larger_move_on
        end as last_larger_move_on,
        case
            when streaks.trading_day_number - larger_moves.larger_move_day_number
                = streaks.held_number - larger_moves.larger_move_held_number
                then streaks.trading_day_number - larger_moves.larger_move_day_number
        end as trading_days_since_larger_move,
        constituent_moves.constituent_count,
        constituent_moves.constituents_up,
        constituent_moves.constituents_down,
        constituent_moves.best_constituent_code,
        constituent_moves.best_constituent_name,
        round(constituent_moves.best_constituent_change_pct_exact, 2)
            as best_constituent_change_pct,
        constituent_moves.worst_constituent_code,
        constituent_moves.worst_constituent_name,
        round(constituent_moves.worst_constituent_change_pct_exact, 2)
            as worst_constituent_change_pct,
        streaks.is_large_move_confirmed
    from streaks
    left join index_reference
        on streaks.index_code = index_reference.index_code
    left join year_end_closes
        on streaks.index_code = year_end_closes.index_code
        and year(streaks.trade_date) = year_end_closes.ytd_year
    left join larger_moves
        on streaks.index_code = larger_moves.index_code
        and streaks.trade_date = larger_moves.trade_date
    left join constituent_moves
        on streaks.index_code = constituent_moves.index_code
        and streaks.trade_date = constituent_moves.trade_date
    where {{ trade_date_window('streaks.trade_date') }}
)

select * from final
