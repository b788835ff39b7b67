-- Index levels per day and their move, over the day, five trading days and the year to date. A
-- file without a previous close takes the index's close of the previous trading day in the lake
-- (which skips weekends and holidays by construction).

with

indexes as (
    select * from {{ ref('stg_raw__indexes') }}
    -- Look back far enough to reach the previous year's last close.
    where trade_date >= {{ window_start() }} - interval 400 day
        and trade_date < {{ window_end() }}
),

index_reference as (
    select * from {{ ref('index_reference') }}
),

with_prev_close as (
    select
        *,
        coalesce(
            prev_close,
            lag(close) over (partition by index_code order by trade_date)
        ) as prev_close_resolved,
        lag(close, 5) over (partition by index_code order by trade_date) as close_5_days_before
    from indexes
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
        with_prev_close.trade_date,
        with_prev_close.index_code,
        coalesce(index_reference.index_name, with_prev_close.index_code) as index_name,
        coalesce(
            index_reference.index_name_zh, index_reference.index_name, with_prev_close.index_code
        ) as index_name_zh,
        index_reference.display_order,
        with_prev_close.open,
        with_prev_close.high,
        with_prev_close.low,
        with_prev_close.close,
        with_prev_close.prev_close_resolved as prev_close,
        round(with_prev_close.close - with_prev_close.prev_close_resolved, 2) as change_points,
        round(
            (with_prev_close.close / with_prev_close.prev_close_resolved - 1) * 100, 2
        ) as change_pct,
        (with_prev_close.close / with_prev_close.prev_close_resolved - 1) * 100 as change_pct_exact,
        round(
            (with_prev_close.close / with_prev_close.close_5_days_before - 1) * 100, 2
        ) as change_5d_pct,
        round((with_prev_close.close / year_end_closes.close - 1) * 100, 2) as change_ytd_pct,
        with_prev_close.is_large_move_confirmed
    from with_prev_close
    left join index_reference
        on with_prev_close.index_code = index_reference.index_code
    left join year_end_closes
        on with_prev_close.index_code = year_end_closes.index_code
        and year(with_prev_close.trade_date) = year_end_closes.ytd_year
    where {{ trade_date_window('with_prev_close.trade_date') }}
)

select * from final
