with

source as (
    select * from {{ source('raw', 'index_constituents') }}
),

renamed as (
    select
        cast(trade_date as date) as trade_date,
        index_code,
        code
    from source
)

select * from renamed
