-- Index levels per day and their move. A file without a previous close takes the index's close
-- of the previous trading day in the lake (which skips weekends and holidays by construction).

with

indexes as (
    select * from {{ ref('stg_raw__indexes') }}
    -- Look back far enough to reach the previous trading day across the longest closure.
    where trade_date >= cast('{{ var("start_date") }}' as date) - interval 30 day
        and trade_date < cast('{{ var("end_date") }}' as date)
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
        ) as prev_close_resolved
    from indexes
),

final as (
    select
        with_prev_close.trade_date,
        with_prev_close.index_code,
        coalesce(index_reference.index_name, with_prev_close.index_code) as index_name,
        index_reference.display_order,
        with_prev_close.open,
        with_prev_close.high,
        with_prev_close.low,
        with_prev_close.close,
        with_prev_close.prev_close_resolved as prev_close,
        round(with_prev_close.close - with_prev_close.prev_close_resolved, 2) as change_points,
        round((with_prev_close.close / with_prev_close.prev_close_resolved - 1) * 100, 2) as change_pct,
        with_prev_close.is_large_move_confirmed
    from with_prev_close
    left join index_reference
        on with_prev_close.index_code = index_reference.index_code
    where {{ trade_date_window('with_prev_close.trade_date') }}
)

select * from final
