-- Warns when the exchange's own totals (MARKET HIGHLIGHTS) and hkclose's disagree beyond what
-- the difference of universes explains (market_breadth.differs_from_exchange): turnover apart by
-- more than `exchange_turnover_tolerance` (2%), or more advancers or decliners than the exchange
-- counted (hkclose counts Equity, ETP and REIT only, a subset of the exchange's securities).
-- Unchanged is not compared: hkclose counts an untraded security at its previous close as
-- unchanged.
{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'market_breadth'}}}) }}

select
    trade_date,
    turnover_hkd,
    exchange_turnover_hkd,
    advancers,
    exchange_advanced,
    decliners,
    exchange_declined
from {{ ref('market_breadth') }}
where {{ trade_date_window() }}
    and differs_from_exchange
