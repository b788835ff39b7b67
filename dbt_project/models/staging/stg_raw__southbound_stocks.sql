with

source as (
    select * from {{ source('raw', 'southbound_stocks') }}
),

renamed as (
    select
        cast(trade_date as date) as trade_date,
        channel,
        rank,
        code,
        buy_turnover_hkd,
        sell_turnover_hkd
    from source
)

select * from renamed
