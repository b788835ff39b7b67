with

source as (
    select * from {{ source('raw', 'notes') }}
),

renamed as (
    select
        cast(trade_date as date) as trade_date,
        code,
        note,
        note_zh
    from source
)

select * from renamed
