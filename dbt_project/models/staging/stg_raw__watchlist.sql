with

source as (
    select * from {{ source('raw', 'watchlist') }}
),

renamed as (
    select
        cast(trade_date as date) as trade_date,
        code,
        position
    from source
)

select * from renamed
