with

source as (
    select * from {{ source('raw', 'exchange_totals') }}
),

renamed as (
    select
        cast(trade_date as date) as trade_date,
        total_turnover_hkd,
        advanced,
        declined,
        unchanged
    from source
)

select * from renamed
