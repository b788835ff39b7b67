-- The day's biggest gainers and losers among stocks that traded at least the turnover threshold,
-- each with its usual daily move (the standard deviation of its moves over the previous 90 days)
-- to say how far outside its range it went.

with

stock_history as (
    select * from {{ ref('stock_daily') }}
    where trade_date >= {{ window_start() }} - interval 90 day
        and trade_date < {{ window_end() }}
),

with_usual_move as (
    select
        *,
        stddev_samp(change_pct_exact) over (
            partition by code order by trade_date
            range between interval 90 day preceding and interval 1 day preceding
        ) as usual_move_pct
    from stock_history
),

candidates as (
    select * from with_usual_move
    where {{ trade_date_window() }}
        and movement is not null
        and is_unconfirmed_outlier is not true
        and turnover_hkd >= {{ var('popular_min_turnover_hkd') }}
),

ranked as (
    select
        trade_date,
        case when change_pct_exact > 0 then 'gainer' else 'loser' end as direction,
        row_number() over (
            partition by trade_date, change_pct_exact > 0
            order by abs(change_pct_exact) desc, code asc
        ) as rank,
        code,
        name,
        sector,
        currency,
        close,
        change_pct,
        turnover_hkd,
        round(usual_move_pct, 2) as usual_move_pct,
        round(abs(change_pct_exact) / nullif(usual_move_pct, 0), 1) as times_usual_move,
        note,
        note_zh
    from candidates
    where change_pct_exact <> 0
),

final as (
    select * from ranked
    where rank <= {{ var('notable_mover_count') }}
)

select * from final
