with

source as (
    select * from {{ source('raw', 'fx') }}
),

renamed as (
    select
        cast(trade_date as date) as trade_date,
        currency,
        hkd_per_unit,
        coalesce(rate_date, cast(trade_date as date)) as rate_date
    from source
)

select * from renamed
