-- Where each kind of raw data of a trading day came from: a landing file, a downloaded page or
-- feed, the simulator; and whether a landing file overrode what the source fetched (the report's
-- footer names those).

select
    trade_date,
    kind,
    delivered_from,
    is_override
from {{ ref('stg_raw__provenance') }}
where {{ trade_date_window() }}
