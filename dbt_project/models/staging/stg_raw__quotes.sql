with

source as (
    select * from {{ source('raw', 'quotes') }}
),

renamed as (
    select
        cast(trade_date as date) as trade_date,
        code,
        currency,
        open,
        high,
        low,
        close,
        prev_close,
        volume,
        turnover,
        status,
        status in ('SUSPENDED', 'HALTED') as is_suspended,
        coalesce(is_large_move_confirmed, false) as is_large_move_confirmed
    from source
)

select * from renamed
