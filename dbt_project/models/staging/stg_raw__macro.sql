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
        source as published_by,
        coalesce(is_revised_possible, false) as is_revised_possible
    from source
)

select * from renamed
