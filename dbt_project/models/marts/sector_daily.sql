-- Each sector's day: turnover-weighted % change, breadth, how many stocks traded, turnover and
-- its leading stock. Sectors are stock_daily's one level: industries, ETPs, REITs, Unclassified.

with

stock_daily as (
    select * from {{ ref('stock_daily') }}
    where {{ trade_date_window() }}
),

sector_leaders as (
    select * from {{ ref('sector_leaders') }}
    where {{ trade_date_window() }}
),

sector_names as (
    select * from {{ ref('sector_names') }}
),

aggregated as (
    select
        trade_date,
        sector,
        any_value(industry) as industry,
        count(*) as stock_count,
        count(*) filter (where turnover_hkd > 0) as traded_count,
        count(*) filter (where movement = 'advancer') as advancers,
        count(*) filter (where movement = 'decliner') as decliners,
        count(*) filter (where movement = 'unchanged') as unchanged,
        round(sum(turnover_hkd), 2) as turnover_hkd,  -- to the cent: see market_breadth
        -- A sector with no trades has no weighted move; its plain average stands in.
        coalesce(
            sum(change_pct_exact * turnover_hkd) / nullif(sum(turnover_hkd), 0),
            avg(change_pct_exact)
        ) as change_pct_exact
    from stock_daily
    where movement is not null
    group by trade_date, sector
),

leaders as (
    select
        trade_date,
        sector,
        list(code order by rank) as leader_codes
    from sector_leaders
    group by trade_date, sector
),

final as (
    select
        aggregated.trade_date,
        aggregated.sector,
        coalesce(sector_names.sector_zh, aggregated.sector) as sector_zh,
        aggregated.industry,
        round(aggregated.change_pct_exact, 2) as change_pct,
        aggregated.advancers,
        aggregated.decliners,
        aggregated.unchanged,
        aggregated.stock_count,
        aggregated.traded_count,
        aggregated.turnover_hkd,
        top_leader.code as leader_code,
        top_leader.name as leader_name,
        top_leader.change_pct as leader_change_pct,
        top_leader.turnover_hkd as leader_turnover_hkd,
        leaders.leader_codes
    from aggregated
    left join sector_leaders as top_leader
        on aggregated.trade_date = top_leader.trade_date
        and aggregated.sector = top_leader.sector
        and top_leader.rank = 1
    left join leaders
        on aggregated.trade_date = leaders.trade_date
        and aggregated.sector = leaders.sector
    left join sector_names
        on aggregated.sector = sector_names.sector
)

select * from final
