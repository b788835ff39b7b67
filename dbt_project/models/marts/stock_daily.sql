-- One row per security and trading day: the day's close and move, in HKD terms, with its sector.

with

quotes as (
    select * from {{ ref('int_quotes_converted_to_hkd') }}
    where {{ trade_date_window() }}
),

securities as (
    select * from {{ ref('int_securities_classified') }}
    where {{ trade_date_window() }}
),

notes as (
    select * from {{ ref('stg_raw__notes') }}
    where {{ trade_date_window() }}
),

joined as (
    select
        quotes.trade_date,
        quotes.code,
        securities.name,
        securities.name_zh,
        securities.category,
        securities.board,
        securities.sector,
        securities.industry,
        quotes.currency,
        quotes.open,
        quotes.high,
        quotes.low,
        quotes.close,
        quotes.prev_close,
        quotes.change,
        round(quotes.change_pct_exact, 2) as change_pct,
        quotes.change_pct_exact,
        quotes.volume,
        quotes.turnover,
        quotes.hkd_per_unit,
        quotes.turnover_hkd,
        quotes.status,
        quotes.is_suspended,
        securities.is_in_breadth_universe,
        case when securities.is_in_breadth_universe then quotes.movement end as movement,
        notes.note
    from quotes
    inner join securities
        on quotes.trade_date = securities.trade_date
        and quotes.code = securities.code
    left join notes
        on quotes.trade_date = notes.trade_date
        and quotes.code = notes.code
),

final as (
    select * from joined
)

select * from final
