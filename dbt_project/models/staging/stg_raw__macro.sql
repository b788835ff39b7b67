with

source as (
    select * from {{ source('raw', 'macro') }}
),

renamed as (
    select
        cast(trade_date as date) as trade_date,
        indicator,
        period,
        value,
        unit,
        released_on,
        source as published_by
    from source
)

select * from renamed
