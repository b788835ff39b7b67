with

source as (
    select * from {{ source('raw', 'securities') }}
),

renamed as (
    select
        cast(trade_date as date) as trade_date,
        code,
        name,
        name_zh,
        category,
        board,
        sector,
        industry,
        listed_on
    from source
)

select * from renamed
