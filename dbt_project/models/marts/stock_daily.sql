-- One row per security and trading day: the day's close and move, turnover in HKD (other
-- currencies at the day's rate), its sector, and whether and how it counts in market breadth.
-- Sectors are one level, the one sector_daily compares: the Hang Seng industry, HKEX's own
-- categories for ETPs and REITs, else Unclassified. A source's finer sector is the sub_sector.
-- An RMB counter (HKEX codes it 8xxxx, its HKD counter's code plus 80000) names its HKD counter:
-- one company, counted once wherever companies are counted.

with

quotes as (
    select * from {{ ref('stg_raw__quotes') }}
    where {{ trade_date_window() }}
),

fx as (
    select * from {{ ref('stg_raw__fx') }}
    where {{ trade_date_window() }}
),

securities as (
    select * from {{ ref('stg_raw__securities') }}
    where {{ trade_date_window() }}
),

security_categories as (
    select * from {{ ref('security_categories') }}
),

notes as (
    select * from {{ ref('stg_raw__notes') }}
    where {{ trade_date_window() }}
),

-- Each RMB counter's HKD counter: a five-digit 8xxxx code whose last four digits are a security of
-- the same category listed the same day (a few dozen a day: joined on equalities alone).
rmb_counters as (
    select
        counters.trade_date,
        counters.code,
        hkd.code as hkd_counter_code
    from securities as counters
    inner join securities as hkd
        on counters.trade_date = hkd.trade_date
        and counters.category = hkd.category
        and ltrim(substr(counters.code, 2), '0') = hkd.code
    where length(counters.code) = 5 and starts_with(counters.code, '8')
),

converted_to_hkd as (
    select
        quotes.*,
        case when quotes.currency = 'HKD' then 1.0 else fx.hkd_per_unit end as hkd_per_unit,
        case when quotes.currency <> 'HKD' then fx.rate_date end as fx_rate_date,
        quotes.turnover * (
            case when quotes.currency = 'HKD' then 1.0 else fx.hkd_per_unit end
        ) as turnover_hkd
    from quotes
    left join fx
        on quotes.trade_date = fx.trade_date
        and quotes.currency = fx.currency
),

joined as (
    select
        converted_to_hkd.trade_date,
        converted_to_hkd.code,
        securities.name,
        securities.short_name,
        securities.has_proper_name,
        securities.name_zh,
        case
            when converted_to_hkd.currency = 'CNY' then rmb_counters.hkd_counter_code
        end as hkd_counter_code,
        securities.issued_shares,
        securities.category,
        securities.board,
        case
            when securities.category = 'ETP' then 'Exchange Traded Funds'
            when securities.category = 'REIT' then 'REITs'
            else coalesce(securities.industry, securities.sector)
        end as sector,
        securities.sector as source_sector,
        securities.industry,
        converted_to_hkd.currency,
        converted_to_hkd.open,
        converted_to_hkd.high,
        converted_to_hkd.low,
        converted_to_hkd.close,
        converted_to_hkd.prev_close,
        converted_to_hkd.close - converted_to_hkd.prev_close as change,
        (converted_to_hkd.close / converted_to_hkd.prev_close - 1) * 100 as change_pct_exact,
        converted_to_hkd.volume,
        converted_to_hkd.turnover,
        converted_to_hkd.hkd_per_unit,
        converted_to_hkd.turnover_hkd,
        converted_to_hkd.fx_rate_date,
        converted_to_hkd.status,
        converted_to_hkd.is_suspended,
        coalesce(security_categories.is_in_breadth_universe, false) as is_in_breadth_universe,
        converted_to_hkd.is_large_move_confirmed,
        notes.note,
        notes.note_zh
    from converted_to_hkd
    inner join securities
        on converted_to_hkd.trade_date = securities.trade_date
        and converted_to_hkd.code = securities.code
    left join security_categories
        on securities.category = security_categories.category
    left join notes
        on converted_to_hkd.trade_date = notes.trade_date
        and converted_to_hkd.code = notes.code
    left join rmb_counters
        on converted_to_hkd.trade_date = rmb_counters.trade_date
        and converted_to_hkd.code = rmb_counters.code
),

-- The breadth rule: a security of the breadth universe, not suspended, with a close and a
-- previous close, advanced, declined or was unchanged; any other security has no movement.
classified as (
    select
        * exclude (change_pct_exact, source_sector),
        case when source_sector <> sector then source_sector end as sub_sector,
        round(change_pct_exact, 2) as change_pct,
        change_pct_exact,
        case
            when not is_in_breadth_universe or is_suspended
                or close is null or prev_close is null then null
            when close > prev_close then 'advancer'
            when close < prev_close then 'decliner'
            else 'unchanged'
        end as movement,
        -- A close this far from the previous one is almost always a wrong figure in the input: the
        -- stock stays out of the report's prose until the quotes file confirms the move.
        coalesce(
            (
                close / prev_close > {{ var('outlier_move_ratio') }}
                or close / prev_close < 1.0 / {{ var('outlier_move_ratio') }}
            )
            and not is_large_move_confirmed,
            false
        ) as is_unconfirmed_outlier
    from joined
),

final as (
    select
        trade_date,
        code,
        name,
        short_name,
        has_proper_name,
        name_zh,
        hkd_counter_code,
        category,
        board,
        sector,
        sub_sector,
        industry,
        currency,
        open,
        high,
        low,
        close,
        prev_close,
        change,
        change_pct,
        change_pct_exact,
        volume,
        turnover,
        hkd_per_unit,
        turnover_hkd,
        issued_shares,
        -- At the close, in HKD. A company's shares are counted at its HKD counter only.
        case when hkd_counter_code is null then close * issued_shares * hkd_per_unit end
            as market_value_hkd,
        fx_rate_date,
        status,
        is_suspended,
        is_in_breadth_universe,
        movement,
        is_large_move_confirmed,
        is_unconfirmed_outlier,
        note,
        note_zh
    from classified
)

select * from final
