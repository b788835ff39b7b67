-- The securities master with each category's place in the breadth universe.

with

securities as (
    select * from {{ ref('stg_raw__securities') }}
),

categories as (
    select * from {{ ref('security_categories') }}
),

classified as (
    select
        securities.*,
        coalesce(categories.is_in_breadth_universe, false) as is_in_breadth_universe
    from securities
    left join categories
        on securities.category = categories.category
)

select * from classified
