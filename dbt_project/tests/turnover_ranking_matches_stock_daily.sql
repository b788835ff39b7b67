-- Fails when the turnover ranking disagrees with stock_daily: a ranked stock's turnover differs,
-- or a stock outside the ranking traded more than the last ranked one.
{{ config(meta={'dagster': {'ref': {'name': 'turnover_ranking'}}}) }}

with

ranking as (
    select * from {{ ref('turnover_ranking') }}
    where {{ trade_date_window() }}
),

stock_daily as (
    select * from {{ ref('stock_daily') }}
    where {{ trade_date_window() }}
),

wrong_turnover as (
    select
        ranking.trade_date,
        ranking.code,
        'turnover differs' as problem
    from ranking
    inner join stock_daily
        on ranking.trade_date = stock_daily.trade_date
        and ranking.code = stock_daily.code
    where ranking.turnover_hkd <> stock_daily.turnover_hkd
),

last_ranked as (
    select
        trade_date,
        min(turnover_hkd) as turnover_hkd
    from ranking
    group by trade_date
),

missing_from_ranking as (
    select
        stock_daily.trade_date,
        stock_daily.code,
        'out-traded the ranking' as problem
    from stock_daily
    inner join last_ranked
        on stock_daily.trade_date = last_ranked.trade_date
    anti join ranking
        on stock_daily.trade_date = ranking.trade_date
        and stock_daily.code = ranking.code
    where stock_daily.turnover_hkd > last_ranked.turnover_hkd
)

select * from wrong_turnover
union all
select * from missing_from_ranking
