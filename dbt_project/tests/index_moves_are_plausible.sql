-- Fails when an index moved more than 20% in a day and the index file did not confirm the move
-- (`is_large_move_confirmed`): almost always a wrong level or previous close in the input.
{{ config(meta={'dagster': {'ref': {'name': 'index_daily'}}}) }}

select
    trade_date,
    index_code,
    close,
    prev_close,
    change_pct
from {{ ref('index_daily') }}
where {{ trade_date_window() }}
    and abs(change_pct) > 20
    and not coalesce(is_large_move_confirmed, false)
