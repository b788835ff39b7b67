with

source as (
    select * from {{ source('raw', 'short_selling') }}
),

renamed as (
    select
        cast(trade_date as date) as trade_date,
        code,
        short_volume,
        short_turnover
    from source
)

select * from renamed
