-- Each sector's day: its move, breadth, how many of its companies traded, turnover and its
-- leading stock. Sectors are stock_daily's one level: industries, ETPs, REITs, Unclassified.
--
-- A sector's move is a measure no one stock can own unseen (docs/report.md#sectors): the published
-- Hang Seng Composite Industry Index's where the source publishes it; else weighted by market
-- value where the source gives every member's shares, naming the member that weighs most; else the
-- median move of the sector's companies that traded. A company counts once: an RMB counter is left
-- to its HKD counter, but for turnover, which is money traded on either counter.

with

stock_daily as (
    select * from {{ ref('stock_daily') }}
    where {{ trade_date_window() }}
        and movement is not null
),

sector_leaders as (
    select * from {{ ref('sector_leaders') }}
    where {{ trade_date_window() }}
),

published as (
    select * from {{ ref('index_daily') }}
    where {{ trade_date_window() }}
        and measures_sector is not null
),

sector_names as (
    select * from {{ ref('sector_names') }}
),

companies as (
    select
        *,
        -- Market value at the previous close: the weight of the day's move, as in an index.
        market_value_hkd / (1 + change_pct_exact / 100) as weight_hkd
    from stock_daily
    where hkd_counter_code is null
),

counted as (
    select
        trade_date,
        sector,
        any_value(industry) as industry,
        count(*) as stock_count,
        count(*) filter (where turnover_hkd > 0) as traded_count,
        count(*) filter (where movement = 'advancer') as advancers,
        count(*) filter (where movement = 'decliner') as decliners,
        count(*) filter (where movement = 'unchanged') as unchanged,
        bool_and(weight_hkd is not null) as has_every_weight,
        sum(change_pct_exact * weight_hkd) / nullif(sum(weight_hkd), 0) as value_weighted_pct,
        arg_max(code, weight_hkd) as heaviest_code,
        arg_max(name, weight_hkd) as heaviest_name,
        max(weight_hkd) / nullif(sum(weight_hkd), 0) * 100 as heaviest_weight_pct,
        -- A sector none of whose companies traded has the median of all of them.
        coalesce(
            median(change_pct_exact) filter (where turnover_hkd > 0),
            median(change_pct_exact)
        ) as median_pct
    from companies
    group by trade_date, sector
),

turnover as (
    select
        trade_date,
        sector,
        round(sum(turnover_hkd), 2) as turnover_hkd  -- to the cent: see market_breadth
    from stock_daily
    group by trade_date, sector
),

measured as (
    select
        counted.*,
        turnover.turnover_hkd,
        case
            when published.change_pct_exact is not null then 'published_index'
            when
                counted.has_every_weight and counted.value_weighted_pct is not null
                then 'market_value'
            else 'median'
        end as change_measure,
        published.index_code as published_index_code,
        coalesce(
            published.change_pct_exact,
            case when counted.has_every_weight then counted.value_weighted_pct end,
            counted.median_pct
        ) as change_pct_exact
    from counted
    inner join turnover
        on counted.trade_date = turnover.trade_date
        and counted.sector = turnover.sector
    left join published
        on counted.trade_date = published.trade_date
        and counted.sector = published.measures_sector
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
        measured.trade_date,
        measured.sector,
        coalesce(sector_names.sector_zh, measured.sector) as sector_zh,
        measured.industry,
        round(measured.change_pct_exact, 2) as change_pct,
        measured.change_measure,
        measured.published_index_code,
        case when measured.change_measure = 'market_value' then measured.heaviest_code end
            as heaviest_code,
        case when measured.change_measure = 'market_value' then measured.heaviest_name end
            as heaviest_name,
        case
            when
                measured.change_measure = 'market_value'
                then round(measured.heaviest_weight_pct, 1)
        end
            as heaviest_weight_pct,
        measured.advancers,
        measured.decliners,
        measured.unchanged,
        measured.stock_count,
        measured.traded_count,
        measured.turnover_hkd,
        top_leader.code as leader_code,
        top_leader.name as leader_name,
        top_leader.change_pct as leader_change_pct,
        top_leader.turnover_hkd as leader_turnover_hkd,
        leaders.leader_codes
    from measured
    left join sector_leaders as top_leader
        on measured.trade_date = top_leader.trade_date
        and measured.sector = top_leader.sector
        and top_leader.rank = 1
    left join leaders
        on measured.trade_date = leaders.trade_date
        and measured.sector = leaders.sector
    left join sector_names
        on measured.sector = sector_names.sector
)

select * from final
