with

source as (
    select * from {{ source('raw', 'fx') }}
),

renamed as (
    select
        cast(trade_date as date) as trade_date,
        currency,
        hkd_per_unit
    from source
)

select * from renamed
