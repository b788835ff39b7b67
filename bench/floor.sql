-- The floor: the same marts as the dbt project, built by one hand-written DuckDB script over the
-- same raw lake. bench/backfill.py runs it (replacing :lake and :seeds) and compares dbt with it.

-- The same DuckDB settings as the dbt profile (dbt_project/profiles.yml).
set memory_limit = '700MB';
set preserve_insertion_order = false;

create schema if not exists marts;

create or replace table marts.stock_daily as
with quotes as (
    select * from read_parquet(':lake/quotes/*/*.parquet', hive_partitioning = true)
), fx as (
    select * from read_parquet(':lake/fx/*/*.parquet', hive_partitioning = true)
), securities as (
    select * from read_parquet(':lake/securities/*/*.parquet', hive_partitioning = true)
), notes as (
    select * from read_parquet(':lake/notes/*/*.parquet', hive_partitioning = true)
), categories as (
    select * from read_csv(':seeds/security_categories.csv')
)
select
    q.trade_date, q.code, s.name, s.name_zh, s.category, s.board, s.sector, s.industry, q.currency,
    q.open, q.high, q.low, q.close, q.prev_close, q.close - q.prev_close as change,
    round((q.close / q.prev_close - 1) * 100, 2) as change_pct,
    (q.close / q.prev_close - 1) * 100 as change_pct_exact,
    q.volume, q.turnover,
    case when q.currency = 'HKD' then 1.0 else fx.hkd_per_unit end as hkd_per_unit,
    q.turnover * case when q.currency = 'HKD' then 1.0 else fx.hkd_per_unit end as turnover_hkd,
    q.status, q.status in ('SUSPENDED', 'HALTED') as is_suspended,
    coalesce(c.is_in_breadth_universe, false) as is_in_breadth_universe,
    case
        when not coalesce(c.is_in_breadth_universe, false) or q.status in ('SUSPENDED', 'HALTED')
            or q.close is null or q.prev_close is null then null
        when q.close > q.prev_close then 'advancer'
        when q.close < q.prev_close then 'decliner'
        else 'unchanged'
    end as movement,
    n.note
from quotes q
join securities s on q.trade_date = s.trade_date and q.code = s.code
left join fx on q.trade_date = fx.trade_date and q.currency = fx.currency
left join categories c on s.category = c.category
left join notes n on q.trade_date = n.trade_date and q.code = n.code;

create or replace table marts.market_breadth as
with ranged as (
    select *,
        max(coalesce(high, close)) over w as high_52, min(coalesce(low, close)) over w as low_52,
        count(*) over w as days_in_year
    from marts.stock_daily
    window w as (partition by code order by trade_date range between interval 364 day preceding and interval 1 day preceding)
)
select
    trade_date,
    count(*) filter (where movement = 'advancer') as advancers,
    count(*) filter (where movement = 'decliner') as decliners,
    count(*) filter (where movement = 'unchanged') as unchanged,
    count(movement) as total,
    count(*) filter (where is_in_breadth_universe and is_suspended) as suspended,
    case when max(days_in_year) >= 240 then count(*) filter (where movement is not null and close > high_52 and days_in_year >= 240) end as new_52_week_highs,
    case when max(days_in_year) >= 240 then count(*) filter (where movement is not null and close < low_52 and days_in_year >= 240) end as new_52_week_lows,
    sum(turnover_hkd) as turnover_hkd,
    round(count(*) filter (where movement = 'advancer')
        / nullif(count(*) filter (where movement = 'decliner'), 0), 2) as advance_decline_ratio
from ranged
group by trade_date;

create or replace table marts.sector_leaders as
select * from (
    select trade_date, sector,
        row_number() over (partition by trade_date, sector order by turnover_hkd desc, code) as rank,
        code, name, currency, close, change_pct, turnover_hkd, note
    from marts.stock_daily where movement is not null
) where rank <= 3;

create or replace table marts.sector_daily as
with aggregated as (
    select trade_date, sector, any_value(industry) as industry, count(*) as stock_count,
        count(*) filter (where movement = 'advancer') as advancers,
        count(*) filter (where movement = 'decliner') as decliners,
        count(*) filter (where movement = 'unchanged') as unchanged,
        sum(turnover_hkd) as turnover_hkd,
        coalesce(sum(change_pct_exact * turnover_hkd) / nullif(sum(turnover_hkd), 0), avg(change_pct_exact)) as change_pct_exact
    from marts.stock_daily where movement is not null
    group by trade_date, sector
), leaders as (
    select trade_date, sector, list(code order by rank) as leader_codes from marts.sector_leaders group by all
)
select a.trade_date, a.sector, coalesce(n.sector_zh, a.sector) as sector_zh, a.industry, round(a.change_pct_exact, 2) as change_pct, a.advancers,
    a.decliners, a.unchanged, a.stock_count, a.turnover_hkd, t.code as leader_code, t.name as leader_name,
    t.change_pct as leader_change_pct, t.turnover_hkd as leader_turnover_hkd, l.leader_codes
from aggregated a
left join marts.sector_leaders t on a.trade_date = t.trade_date and a.sector = t.sector and t.rank = 1
left join leaders l on a.trade_date = l.trade_date and a.sector = l.sector
left join read_csv(':seeds/sector_names.csv') n on a.sector = n.sector;

create or replace table marts.turnover_ranking as
select * from (
    select trade_date, row_number() over (partition by trade_date order by turnover_hkd desc, code) as rank,
        code, name, sector, currency, close, change_pct, turnover_hkd
    from marts.stock_daily where turnover_hkd > 0
) where rank <= 20;

create or replace table marts.index_daily as
with indexes as (
    select *, coalesce(prev_close, lag(close) over (partition by index_code order by trade_date)) as prev_resolved,
        lag(close, 5) over (partition by index_code order by trade_date) as close_5_before
    from read_parquet(':lake/indexes/*/*.parquet', hive_partitioning = true)
), year_end as (
    select index_code, year(trade_date) + 1 as year, arg_max(close, trade_date) as close from indexes group by all
)
select i.trade_date, i.index_code, coalesce(r.index_name, i.index_code) as index_name,
    coalesce(r.index_name_zh, r.index_name, i.index_code) as index_name_zh, r.display_order,
    i.open, i.high, i.low, i.close, i.prev_resolved as prev_close,
    round(i.close - i.prev_resolved, 2) as change_points,
    round((i.close / i.prev_resolved - 1) * 100, 2) as change_pct,
    round((i.close / i.close_5_before - 1) * 100, 2) as change_5d_pct,
    round((i.close / y.close - 1) * 100, 2) as change_ytd_pct, i.is_large_move_confirmed
from indexes i left join read_csv(':seeds/index_reference.csv') r on i.index_code = r.index_code
left join year_end y on i.index_code = y.index_code and year(i.trade_date) = y.year;

create or replace table marts.macro_latest as
with releases as (
    select * from read_parquet(':lake/macro/*/*.parquet', hive_partitioning = true)
    where released_on <= trade_date
    qualify row_number() over (partition by trade_date, indicator, period order by released_on desc) = 1
), sequenced as (
    select *,
        row_number() over w as recency,
        lead(period) over w as prior_period, lead(value) over w as prior_value,
        lead(released_on) over w as prior_released_on
    from releases
    window w as (partition by trade_date, indicator order by period desc)
)
select s.trade_date, s.indicator, coalesce(m.label, s.indicator) as label,
    coalesce(m.label_zh, m.label, s.indicator) as label_zh, m.display_order, s.period,
    s.value, s.unit, s.released_on, s.source as published_by, s.prior_period, s.prior_value,
    s.prior_released_on, round(s.value - s.prior_value, 4) as change
from sequenced s left join read_csv(':seeds/macro_indicators.csv') m on s.indicator = m.indicator
where s.recency = 1;

create or replace table marts.popular_stocks as
with watchlist as (
    select * from read_parquet(':lake/watchlist/*/*.parquet', hive_partitioning = true)
), by_rule as (
    select trade_date,
        row_number() over (partition by trade_date order by abs(change_pct_exact) desc, code) as position,
        code, 'largest_moves' as selected_by
    from marts.stock_daily
    where movement is not null and turnover_hkd >= 50000000
        and trade_date not in (select trade_date from watchlist)
    qualify position <= 5
), selected as (
    select trade_date, row_number() over (partition by trade_date order by position) as position, code,
        'watchlist' as selected_by from watchlist
    union all
    select * from by_rule
)
select s.trade_date, s.position, s.code, d.name, d.sector, d.currency, d.close, d.change_pct,
    d.turnover_hkd, d.note, s.selected_by
from selected s join marts.stock_daily d on s.trade_date = d.trade_date and s.code = d.code;

create or replace table marts.notable_movers as
with ranked as (
    select trade_date, case when change_pct_exact > 0 then 'gainer' else 'loser' end as direction,
        row_number() over (partition by trade_date, change_pct_exact > 0 order by abs(change_pct_exact) desc, code) as rank,
        code, name, sector, currency, close, change_pct, change_pct_exact, turnover_hkd, note
    from marts.stock_daily
    where movement is not null and turnover_hkd >= 50000000 and change_pct_exact <> 0
    qualify rank <= 5
), usual as (
    select r.trade_date, r.code, stddev_samp(h.change_pct_exact) as usual_move_pct
    from ranked r join marts.stock_daily h
        on r.code = h.code and h.trade_date >= r.trade_date - interval 90 day and h.trade_date < r.trade_date
    group by r.trade_date, r.code
)
select r.trade_date, r.direction, r.rank, r.code, r.name, r.sector, r.currency, r.close, r.change_pct, r.turnover_hkd,
    round(u.usual_move_pct, 2) as usual_move_pct,
    round(abs(r.change_pct_exact) / nullif(u.usual_move_pct, 0), 1) as times_usual_move, r.note
from ranked r left join usual u on r.trade_date = u.trade_date and r.code = u.code;

create or replace table marts.short_selling as
select
    s.trade_date, s.code, d.name, d.name_zh, s.short_volume as short_shares,
    s.short_turnover * d.hkd_per_unit as short_turnover_hkd, d.turnover_hkd,
    s.short_turnover * d.hkd_per_unit / nullif(d.turnover_hkd, 0) as short_ratio
from read_parquet(':lake/short_selling/*/*.parquet', hive_partitioning = true) s
join marts.stock_daily d on s.trade_date = d.trade_date and s.code = d.code;

create or replace table marts.capital_flows as
with named as (
    select
        t.trade_date, t.channel, t.code, coalesce(d.name, t.code) as stock_name, d.name_zh as stock_name_zh,
        t.buy_turnover_hkd - t.sell_turnover_hkd as net_buy_hkd
    from read_parquet(':lake/southbound_stocks/*/*.parquet', hive_partitioning = true) t
    left join marts.stock_daily d on t.trade_date = d.trade_date and t.code = d.code
), extremes as (
    select
        trade_date, channel,
        arg_max(code, net_buy_hkd) filter (where net_buy_hkd > 0) as most_bought_code,
        arg_max(stock_name, net_buy_hkd) filter (where net_buy_hkd > 0) as most_bought_name,
        arg_max(stock_name_zh, net_buy_hkd) filter (where net_buy_hkd > 0) as most_bought_name_zh,
        max(net_buy_hkd) filter (where net_buy_hkd > 0) as most_bought_net_hkd,
        arg_min(code, net_buy_hkd) filter (where net_buy_hkd < 0) as most_sold_code,
        arg_min(stock_name, net_buy_hkd) filter (where net_buy_hkd < 0) as most_sold_name,
        arg_min(stock_name_zh, net_buy_hkd) filter (where net_buy_hkd < 0) as most_sold_name_zh,
        min(net_buy_hkd) filter (where net_buy_hkd < 0) as most_sold_net_hkd
    from named
    group by trade_date, channel
)
select
    f.trade_date, f.channel, f.buy_turnover_hkd, f.sell_turnover_hkd, f.buy_turnover_hkd - f.sell_turnover_hkd as net_buy_hkd,
    e.* exclude (trade_date, channel)
from read_parquet(':lake/capital_flows/*/*.parquet', hive_partitioning = true) f
left join extremes e on f.trade_date = e.trade_date and f.channel = e.channel;

create or replace table marts.provenance as
select trade_date, kind, delivered_from, is_override
from read_parquet(':lake/provenance/*/*.parquet', hive_partitioning = true);
