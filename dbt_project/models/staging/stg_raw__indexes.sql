with

source as (
    select * from {{ source('raw', 'indexes') }}
),

renamed as (
    select
        cast(trade_date as date) as trade_date,
        index_code,
        open,
        high,
        low,
        close,
        prev_close,
        turnover as turnover_hkd,
        is_large_move_confirmed
    from source
)

select * from renamed
