with

source as (
    select * from {{ source('raw', 'provenance') }}
),

renamed as (
    select
        cast(trade_date as date) as trade_date,
        kind,
        delivered_from,
        is_override
    from source
)

select * from renamed
