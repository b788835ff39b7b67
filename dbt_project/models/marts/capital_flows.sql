-- Southbound Stock Connect trading per trading day and channel (via Shanghai, via Shenzhen): buy,
-- sell and net in HKD, with the most net-bought and most net-sold of the stocks HKEX lists as
-- the channel's most actively traded; and the channel's net of the previous trading day, when the
-- warehouse holds that day.

with

flows_history as (
    select * from {{ ref('stg_raw__capital_flows') }}
    -- Back far enough to reach the previous trading day across the longest (Lunar New Year) break.
    where trade_date >= {{ window_start() }} - interval 15 day
        and trade_date < {{ window_end() }}
),

flows as (
    select * from flows_history
    where {{ trade_date_window() }}
),

trading_calendar as (
    select * from {{ ref('trading_calendar') }}
),

southbound_stocks as (
    select * from {{ ref('southbound_stocks') }}
    where {{ trade_date_window() }}
),

-- Each channel's published list again, a row per stock and channel, named as southbound_stocks
-- names it.
named_stocks as (
    select
        trade_date,
        'Shanghai' as channel,
        code,
        name as stock_name,
        name_zh as stock_name_zh,
        shanghai_net_buy_hkd as net_buy_hkd
    from southbound_stocks
    where shanghai_rank is not null
    union all
    select
        trade_date,
        'Shenzhen' as channel,
        code,
        name as stock_name,
        name_zh as stock_name_zh,
        shenzhen_net_buy_hkd as net_buy_hkd
    from southbound_stocks
    where shenzhen_rank is not null
),

extremes as (
    select
        trade_date,
        channel,
        arg_max(code, net_buy_hkd) filter (where net_buy_hkd > 0) as most_bought_code,
        arg_max(stock_name, net_buy_hkd) filter (where net_buy_hkd > 0) as most_bought_name,
        arg_max(stock_name_zh, net_buy_hkd) filter (where net_buy_hkd > 0) as most_bought_name_zh,
        max(net_buy_hkd) filter (where net_buy_hkd > 0) as most_bought_net_hkd,
        arg_min(code, net_buy_hkd) filter (where net_buy_hkd < 0) as most_sold_code,
        arg_min(stock_name, net_buy_hkd) filter (where net_buy_hkd < 0) as most_sold_name,
        arg_min(stock_name_zh, net_buy_hkd) filter (where net_buy_hkd < 0) as most_sold_name_zh,
        min(net_buy_hkd) filter (where net_buy_hkd < 0) as most_sold_net_hkd
    from named_stocks
    group by trade_date, channel
),

final as (
    select
        flows.trade_date,
        flows.channel,
        flows.buy_turnover_hkd,
        flows.sell_turnover_hkd,
        flows.buy_turnover_hkd - flows.sell_turnover_hkd as net_buy_hkd,
        extremes.most_bought_code,
        extremes.most_bought_name,
        extremes.most_bought_name_zh,
        extremes.most_bought_net_hkd,
        extremes.most_sold_code,
        extremes.most_sold_name,
        extremes.most_sold_name_zh,
        extremes.most_sold_net_hkd,
        trading_calendar.previous_trading_date,
        previous_day.buy_turnover_hkd - previous_day.sell_turnover_hkd as prev_net_buy_hkd
    from flows
    inner join trading_calendar
        on flows.trade_date = trading_calendar.date
    left join flows_history as previous_day
        on trading_calendar.previous_trading_date = previous_day.trade_date
        and flows.channel = previous_day.channel
    left join extremes
        on flows.trade_date = extremes.trade_date
        and flows.channel = extremes.channel
)

select * from final
