-- Fails when a day's breadth total is not the number of securities eligible for breadth (in the
-- breadth universe, not suspended, with a close and a previous close): a wrong breadth figure
-- would go out in the report.
{{ config(meta={'dagster': {'ref': {'name': 'market_breadth'}}}) }}

with

eligible as (
    select
        trade_date,
        count(*) as securities
    from {{ ref('stock_daily') }}
    where is_in_breadth_universe
        and not is_suspended
        and close is not null
        and prev_close is not null
        and {{ trade_date_window() }}
    group by trade_date
)

select
    market_breadth.trade_date,
    market_breadth.total,
    eligible.securities
from {{ ref('market_breadth') }} as market_breadth
full outer join eligible
    on market_breadth.trade_date = eligible.trade_date
where {{ trade_date_window('coalesce(market_breadth.trade_date, eligible.trade_date)') }}
    and market_breadth.total is distinct from eligible.securities
