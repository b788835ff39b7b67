-- Each indicator's latest value as known on the trade date (released on or before it), with the
-- value of the period before. A revision of a period replaces the earlier release of it.

with

macro as (
    select * from {{ ref('stg_raw__macro') }}
    where {{ trade_date_window() }}
        and released_on <= trade_date
),

macro_indicators as (
    select * from {{ ref('macro_indicators') }}
),

latest_release_per_period as (
    select * from macro
    qualify
        row_number() over (
            partition by trade_date, indicator, period order by released_on desc
        ) = 1
),

sequenced as (
    select
        *,
        row_number() over (partition by trade_date, indicator order by period desc) as recency,
        lead(period) over (partition by trade_date, indicator order by period desc) as prior_period,
        lead(value) over (partition by trade_date, indicator order by period desc) as prior_value,
        lead(released_on) over (
            partition by trade_date, indicator order by period desc
        ) as prior_released_on
    from latest_release_per_period
),

final as (
    select
        sequenced.trade_date,
        sequenced.indicator,
        coalesce(macro_indicators.label, sequenced.indicator) as label,
        coalesce(
            macro_indicators.label_zh, macro_indicators.label, sequenced.indicator
        ) as label_zh,
        macro_indicators.display_order,
        sequenced.period,
        sequenced.value,
        sequenced.unit,
        sequenced.released_on,
        sequenced.published_by,
        sequenced.is_revised_possible,
        sequenced.prior_period,
        sequenced.prior_value,
        sequenced.prior_released_on,
        round(sequenced.value - sequenced.prior_value, 4) as change
    from sequenced
    left join macro_indicators
        on sequenced.indicator = macro_indicators.indicator
    where sequenced.recency = 1
)

select * from final
