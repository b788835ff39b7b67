-- Southbound Stock Connect trading per trading day and channel (via Shanghai, via Shenzhen): buy,
-- sell and net in HKD, with the most net-bought and most net-sold of the stocks HKEX lists as
-- the channel's most actively traded.

with

flows as (
    select * from {{ ref('stg_raw__capital_flows') }}
    where {{ trade_date_window() }}
),

top_stocks as (
    select * from {{ ref('stg_raw__southbound_stocks') }}
    where {{ trade_date_window() }}
),

stock_daily as (
    select * from {{ ref('stock_daily') }}
    where {{ trade_date_window() }}
),

named_stocks as (
    select
        top_stocks.trade_date,
        top_stocks.channel,
        top_stocks.code,
        -- A stock listed since the securities list was fetched still has its code.
        coalesce(stock_daily.name, top_stocks.code) as stock_name,
        stock_daily.name_zh as stock_name_zh,
        top_stocks.buy_turnover_hkd - top_stocks.sell_turnover_hkd as net_buy_hkd
    from top_stocks
    left join stock_daily
        on top_stocks.trade_date = stock_daily.trade_date
        and top_stocks.code = stock_daily.code
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
        extremes.most_sold_net_hkd
    from flows
    left join extremes
        on flows.trade_date = extremes.trade_date
        and flows.channel = extremes.channel
)

select * from final
