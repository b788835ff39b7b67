-- The day's biggest gainers and losers among stocks that traded at least the turnover threshold,
-- each with its usual daily move (the standard deviation of its moves over the previous 90 days)
-- to say how far outside its range it went.

with

stock_daily as (
    select * from {{ ref('stock_daily') }}
    where {{ trade_date_window() }}
),

candidates as (
    select * from stock_daily
    where movement is not null
        and is_unconfirmed_outlier is not true
        -- an RMB counter moves with its HKD counter: not a mover of its own
        and hkd_counter_code is null
        and turnover_hkd >= {{ var('popular_min_turnover_hkd') }}
        and change_pct_exact <> 0
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
        change_pct_exact,
        turnover_hkd,
        note,
        note_zh
    from candidates
    qualify rank <= {{ var('notable_mover_count') }}
),

-- The usual move of the movers only (ten a day) rather than a window over every stock's history:
-- each mover's moves over the 90 days before its day, read from the mart.
usual_moves as (
    select
        ranked.trade_date,
        ranked.code,
        stddev_samp(history.change_pct_exact) as usual_move_pct
    from ranked
    inner join {{ ref('stock_daily') }} as history
        on ranked.code = history.code
        and ranked.trade_date - interval 90 day <= history.trade_date
        and ranked.trade_date > history.trade_date
    group by ranked.trade_date, ranked.code
),

final as (
    select
        ranked.trade_date,
        ranked.direction,
        ranked.rank,
        ranked.code,
        ranked.name,
        ranked.sector,
        ranked.currency,
        ranked.close,
        ranked.change_pct,
        ranked.turnover_hkd,
        round(usual_moves.usual_move_pct, 2) as usual_move_pct,
        round(
            abs(ranked.change_pct_exact) / nullif(usual_moves.usual_move_pct, 0), 1
        ) as times_usual_move,
        ranked.note,
        ranked.note_zh
    from ranked
    left join usual_moves
        on ranked.trade_date = usual_moves.trade_date
        and ranked.code = usual_moves.code
)

select * from final
