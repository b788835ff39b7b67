-- Fails when a report day shows a macro value released after it: a figure that was not yet known.
{{ config(meta={'dagster': {'ref': {'name': 'macro_latest'}}}) }}

select
    trade_date,
    indicator,
    period,
    released_on
from {{ ref('macro_latest') }}
where {{ trade_date_window() }}
    and (released_on > trade_date or prior_released_on > trade_date)
