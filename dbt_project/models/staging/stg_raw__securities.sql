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
        listed_on,
        coalesce(short_name, name) as short_name,
        -- A source that gives HKEX's short name beside the name says the name is a proper one.
        short_name is not null as has_proper_name,
        issued_shares
    from source
)

select * from renamed
