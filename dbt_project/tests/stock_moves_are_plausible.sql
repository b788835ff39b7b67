-- Warns when a stock's close is more than `outlier_move_ratio` times its previous close (or less
-- than its inverse) and the quotes file did not confirm the move: almost always a wrong figure.
-- Non-blocking, unlike the index check: the day's report is written without the stock in its prose.
{{ config(severity='warn', meta={'dagster': {'ref': {'name': 'stock_daily'}}}) }}

select
    trade_date,
    code,
    close,
    prev_close,
    change_pct
from {{ ref('stock_daily') }}
where {{ trade_date_window() }}
    and is_unconfirmed_outlier
