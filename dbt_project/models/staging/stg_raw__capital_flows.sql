with

source as (
    select * from {{ source('raw', 'capital_flows') }}
),

renamed as (
    select
        cast(trade_date as date) as trade_date,
        channel,
        buy_turnover_hkd,
        sell_turnover_hkd
    from source
)

select * from renamed
