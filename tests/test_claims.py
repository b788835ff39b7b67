"""What each kind of sentence claims, recomputed from the warehouse with SQL written here, never
through the report's code: the indices' points, ranges, streaks and records, the constituents, the
breadth, turnover against the day before, the southbound flows and stocks over both channels, the
sectors' moves and which led, best and worst, and the top ten. On the sample week and on eight
simulated months (a history long enough for streaks and records), every day, both ways: a claim the
report makes holds, and one it could make but does not is not there to make."""

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from tests.helpers import SAMPLE_WEEK, SampleRun, built_once, materialize_days, warehouse_env

pytestmark = pytest.mark.e2e  # through Dagster into a temporary warehouse (`make test-fast` leaves it out)

SIMULATED = (date(2015, 1, 2), date(2015, 4, 30))
NOT_INDUSTRIES = "('Unclassified', 'Exchange Traded Funds', 'REITs')"
WORDS = {
    w: n for n, w in enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"])
}
ORDINALS = {
    w: n
    for n, w in enumerate(
        ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
    )
}


@pytest.fixture(scope="session")
def simulated_run(tmp_path_factory: pytest.TempPathFactory) -> SampleRun:
    """Four months of the simulated market, one run through Dagster."""

    def build(root: Path) -> None:
        with pytest.MonkeyPatch.context() as monkeypatch:
            warehouse_env(monkeypatch, root, source="simulated")
            assert materialize_days(partition_range=(SIMULATED[0].isoformat(), SIMULATED[1].isoformat())).success

    root = built_once(tmp_path_factory, "simulated_months", build)
    with pytest.MonkeyPatch.context() as monkeypatch:
        return SampleRun(warehouse_env(monkeypatch, root, source="simulated"), True)


@pytest.fixture(params=["sample_run", "simulated_run"])
def run(request: pytest.FixtureRequest) -> SampleRun:
    return request.getfixturevalue(request.param)


def days_of(run: SampleRun) -> list[date]:
    return [day for (day,) in run.query("select distinct trade_date from marts.market_breadth order by 1")]


def report(run: SampleRun, day: date) -> dict:
    return json.loads(run.report_file("closing_report.json", day))


def english(document: dict) -> str:
    text = document["text"]["en"]
    return "\n".join([text["headline"], text["lead"], *(p for s in text["sections"] for p in s["paragraphs"])])


def number(text: str) -> float:
    return float(text.replace(",", ""))


def hkd(text: str) -> tuple[float, float]:
    """An English amount ("HKD 20.975 billion", "HKD 710 million") as (value, half its last digit)."""
    figure, _, scale = text.removeprefix("HKD ").partition(" ")
    unit = {"billion": 1e9, "million": 1e6, "": 1.0}[scale]
    decimals = len(figure.partition(".")[2])
    return number(figure) * unit, 0.5 * unit / 10**decimals


def same_amount(text: str, value: float) -> bool:
    written, slack = hkd(text)
    return abs(written - value) <= slack + 1e-6 * abs(value)


def signed(way: str, size: str) -> float:
    return number(size) * (-1 if way in ("down", "fell") else 1)


# --- the indices ----------------------------------------------------------------------------------

INDEX_CLAUSE = re.compile(
    r"the (?P<name>[A-Z][A-Za-z ]+? Index) (?:(?P<verb>fell|rose) (?P<points>[\d,.]+) points, "
    r"or (?P<pct>[\d.]+|less than 0\.01)%, "
    r"to|was unchanged at) "
    r"(?P<close>[\d,]+\.\d\d), in a range of (?P<low>[\d,]+\.\d\d) to (?P<high>[\d,]+\.\d\d)"
)


def test_each_index_clause_states_its_points_move_close_and_range(run: SampleRun) -> None:
    checked = 0
    for day in days_of(run):
        clauses = {m["name"]: m for m in INDEX_CLAUSE.finditer(english(report(run, day)))}
        rows = run.query(
            "select index_name, close - prev_close, (close / prev_close - 1) * 100, close, low, high"
            " from marts.index_daily where trade_date = ? and display_order is not null",
            [day],
        )
        assert set(clauses) == {name for name, *_ in rows}, day
        for name, points, pct, close, low, high in rows:
            clause = clauses[name]
            if clause["verb"] is None:  # unchanged: it closed where it started, to the cent
                assert round(points, 2) == 0, (day, name)
            else:
                assert signed(clause["verb"], clause["points"]) == pytest.approx(points, abs=0.006)
                assert (clause["verb"] == "rose") == (points > 0), (day, name)
                if clause["pct"] != "less than 0.01":
                    assert signed(clause["verb"], clause["pct"]) == pytest.approx(pct, abs=0.006)
            assert (number(clause["close"]), number(clause["low"]), number(clause["high"])) == (close, low, high)
            checked += 1
    assert checked >= 15


def hsi_history(run: SampleRun) -> list[tuple[date, float, bool]]:
    """(day, % move, whether the warehouse holds the trading day before) of the Hang Seng Index."""
    return run.query(
        """
        select index.trade_date, (index.close / index.prev_close - 1) * 100,
               coalesce(lag(index.trade_date) over (order by index.trade_date) = calendar.previous_trading_date, false)
        from marts.index_daily as index
        inner join marts.trading_calendar as calendar on index.trade_date = calendar.date
        where index.index_code = 'HSI' order by 1"""
    )


def known_streak(history: list[tuple[date, float, bool]], at: int) -> int | None:
    """The run of same-way days ending at `at`, when the day before it began is held; else None."""
    way = (history[at][1] > 0) - (history[at][1] < 0)
    if way == 0:
        return None
    length, i = 1, at
    while history[i][2] and i > 0:
        before = (history[i - 1][1] > 0) - (history[i - 1][1] < 0)
        if before != way:
            return length
        length, i = length + 1, i - 1
    return None  # the run reaches the first day held (or a gap): its length is not known


def test_a_streak_is_told_when_and_only_when_the_warehouse_shows_it(run: SampleRun) -> None:
    history = hsi_history(run)
    told = 0
    for at, (day, move, _) in enumerate(history):
        text = english(report(run, day))
        said = re.search(r"It was the Hang Seng Index's (\w+) straight (fall|rise)", text)
        streak = known_streak(history, at)
        if streak is not None and streak >= 3:
            assert said and ORDINALS[said[1]] == streak and said[2] == ("fall" if move < 0 else "rise"), day
            told += 1
        else:
            assert said is None, (day, streak)
    if run.settings.source == "simulated":
        assert told >= 3  # the check has something to check


def test_the_largest_move_since_a_day_is_that_days_and_none_larger_came_between(run: SampleRun) -> None:
    told = 0
    for day in days_of(run):
        said = re.search(r"(?:'s|its) largest one-day (fall|rise) since (\d{1,2} \w+ \d{4})", english(report(run, day)))
        [(move,)] = run.query(
            "select (close / prev_close - 1) * 100 from marts.index_daily where index_code = 'HSI' and trade_date = ?",
            [day],
        )
        # The last earlier held day that moved as far the same way, with every trading day in between held.
        [(since, between, held)] = run.query(
            """
            with earlier as (
                select max(trade_date) as since from marts.index_daily
                where index_code = 'HSI' and trade_date < $day and trade_date >= $day - interval 400 day
                    and sign(close - prev_close) = sign($move) and abs((close / prev_close - 1) * 100) >= abs($move)
            )
            select since,
                (select count(*) from marts.trading_calendar where is_trading_day and date > since and date < $day),
                (select count(*) from marts.index_daily
                 where index_code = 'HSI' and trade_date > since and trade_date < $day)
            from earlier""",
            {"day": day, "move": move},
        )
        if since is not None and between == held and between + 1 >= 20:
            assert said and said[2] == f"{since.day} {since:%B %Y}", day
            told += 1
        else:
            assert said is None, (day, since, between, held)
    if run.settings.source == "simulated":
        assert told >= 1


def ranked(group: str) -> str:
    """A ranked thing as the prose writes it: "SMIC fell the most (down 6.39%)", "healthcare rose the
    least (up 0.10%)", "conglomerates was unchanged, the best of them"."""
    return (
        rf"(?P<{group}>.+?) (?:(?P<{group}_verb>gained|rose|fell) the (?P<{group}_rank>most|least) "
        rf"\((?P<{group}_way>up|down) (?P<{group}_pct>[\d.]+)%\)|was unchanged, the (?:best|worst) of them)"
    )


def ranked_move(said: re.Match, group: str) -> float:
    return 0.0 if said[f"{group}_way"] is None else signed(said[f"{group}_way"], said[f"{group}_pct"])


def some(text: str) -> int:
    return 0 if text == "none" else int(number(text))


CONSTITUENTS = re.compile(
    r"Of the Hang Seng Index's (?P<count>\d+) constituents, (?P<up>\d+|none) rose and (?P<down>\d+|none) fell; "
    + ranked("best")
    + " and "
    + ranked("worst")
    + r"\."
)


def test_the_constituents_sentence_counts_and_ranks_the_hang_seng_indexs_constituents(run: SampleRun) -> None:
    for day in days_of(run):
        said = CONSTITUENTS.search(english(report(run, day)))
        [(count, up, down, best, best_pct, worst, worst_pct)] = run.query(
            """
            select count(*), count(*) filter (where stock.movement = 'advancer'),
                   count(*) filter (where stock.movement = 'decliner'),
                   arg_max(stock.code, (stock.change_pct_exact, -stock.code::int))
                       filter (where stock.movement is not null and not stock.is_unconfirmed_outlier),
                   max(stock.change_pct) filter (where stock.movement is not null and not stock.is_unconfirmed_outlier),
                   arg_min(stock.code, (stock.change_pct_exact, stock.code::int))
                       filter (where stock.movement is not null and not stock.is_unconfirmed_outlier),
                   min(stock.change_pct) filter (where stock.movement is not null and not stock.is_unconfirmed_outlier)
            from raw.index_constituents as member
            left join marts.stock_daily as stock on member.trade_date = stock.trade_date and member.code = stock.code
            where member.trade_date = ? and member.index_code = 'HSI'""",
            [day],
        )
        assert said, day
        assert (int(said["count"]), some(said["up"]), some(said["down"])) == (count, up, down), day
        names = dict(run.query("select code, name from marts.stock_daily where trade_date = ?", [day]))
        shorts = dict(run.query("select code, short_name from marts.stock_daily where trade_date = ?", [day]))
        assert said["best"] in (names[best], shorts[best]) and said["worst"] in (names[worst], shorts[worst]), day
        assert (ranked_move(said, "best"), ranked_move(said, "worst")) == (best_pct, worst_pct), day


# --- breadth and turnover -------------------------------------------------------------------------


def test_breadth_counts_and_its_ratio_are_the_stocks(run: SampleRun) -> None:
    for day in days_of(run):
        text = english(report(run, day))
        said = re.search(
            r"Across the market, ([\d,]+) stocks rose, ([\d,]+) fell and ([\d,]+) were unchanged"
            r"(: .+? for each one that (rose|fell))?",
            text,
        )
        [(up, down, flat)] = run.query(
            "select count(*) filter (where movement = 'advancer'), count(*) filter (where movement = 'decliner'),"
            " count(*) filter (where movement = 'unchanged') from marts.stock_daily where trade_date = ?",
            [day],
        )
        assert (number(said[1]), number(said[2]), number(said[3])) == (up, down, flat), day
        many, few = max(up, down), min(up, down)
        if few and many >= 2 * few:
            whole = many // few
            word = next(k for k, v in WORDS.items() if v == whole) if whole <= 10 else str(whole)
            expected = f"{'' if many % few == 0 else 'more than '}{word} {'fell' if down > up else 'rose'}"
            assert said[4] and said[4].startswith(f": {expected} for each one"), (day, said[4], expected)
        else:
            assert said[4] is None, day


def test_turnover_is_compared_with_the_previous_trading_day_when_the_warehouse_holds_it(run: SampleRun) -> None:
    compared = 0
    for day in days_of(run):
        text = english(report(run, day))
        said = re.search(
            r"Market turnover was (HKD [\d,.]+(?: \w+)?)"
            r"(?:, (up|down) ([\d.]+)% from (HKD [\d,.]+(?: \w+)?) the day before)?[;.]",
            text,
        )
        [(today, before)] = run.query(
            """
            select (select sum(turnover_hkd) from marts.stock_daily where trade_date = $day),
                   (select sum(turnover_hkd) from marts.stock_daily where trade_date = (
                        select previous_trading_date from marts.trading_calendar where date = $day))""",
            {"day": day},
        )
        assert same_amount(said[1], today), day
        if before is None:
            assert said[2] is None, day
        else:
            assert same_amount(said[4], before) and signed(said[2], said[3]) == pytest.approx(
                (today / before - 1) * 100, abs=0.006
            ), day
            compared += 1
    assert compared >= 4


# --- southbound -------------------------------------------------------------------------------------

FLOW = re.compile(
    r"Southbound investors were net (buyers|sellers) of (HKD [\d,.]+(?: \w+)?) through Stock Connect \(.*?\)"
    r"(?:, (turning from|after) net (buying|selling) of (HKD [\d,.]+(?: \w+)?) the day before)?\."
)
BOTH_LISTS = re.compile(
    r"Of the (\w+) stocks in both channels' most-traded lists, (?:all were net (sold|bought), (.+?) the most "
    r"\((HKD [\d,.]+(?: \w+)?) over both channels\)|(.+?) was the most net bought \((HKD [\d,.]+(?: \w+)?) over both "
    r"channels\) and (.+?) the most net sold \((HKD [\d,.]+(?: \w+)?)\))\."
)


def test_southbound_flows_and_the_day_before_are_the_channels_sums(run: SampleRun) -> None:
    for day in days_of(run):
        said = FLOW.search(english(report(run, day)))
        [(net, previous)] = run.query(
            """
            select (select sum(buy_turnover_hkd - sell_turnover_hkd) from raw.capital_flows where trade_date = $day),
                   (select sum(buy_turnover_hkd - sell_turnover_hkd) from raw.capital_flows where trade_date = (
                        select previous_trading_date from marts.trading_calendar where date = $day))""",
            {"day": day},
        )
        assert said and said[1] == ("buyers" if net >= 0 else "sellers") and same_amount(said[2], abs(net)), day
        if previous is None:
            assert said[3] is None, day
        else:
            turned = (net >= 0) != (previous >= 0)
            assert said[3] == ("turning from" if turned else "after"), day
            assert said[4] == ("buying" if previous >= 0 else "selling") and same_amount(said[5], abs(previous)), day


def test_most_net_bought_and_sold_are_said_over_both_channels_of_stocks_so_traded(run: SampleRun) -> None:
    for day in days_of(run):
        said = BOTH_LISTS.search(english(report(run, day)))
        # Over both channels' published lists, from the raw lists, not from any mart.
        stocks = run.query(
            """
            select code, sum(buy_turnover_hkd - sell_turnover_hkd) as net from raw.southbound_stocks
            where trade_date = ? group by code having count(distinct channel) = 2 order by net desc, code""",
            [day],
        )
        names = dict(run.query("select code, name from marts.stock_daily where trade_date = ?", [day]))
        shorts = dict(run.query("select code, short_name from marts.stock_daily where trade_date = ?", [day]))
        assert said and WORDS[said[1]] == len(stocks), day
        bought = [(code, net) for code, net in stocks if net > 0]
        sold = [(code, net) for code, net in stocks if net < 0]
        if not bought:
            (code, net), written = sold[-1], said[4]
            assert said[2] == "sold" and said[3] in (names[code], shorts[code]) and same_amount(written, -net), day
        elif not sold:
            (code, net), written = bought[0], said[4]
            assert said[2] == "bought" and said[3] in (names[code], shorts[code]) and same_amount(written, net), day
        else:
            assert said[5] in (names[bought[0][0]], shorts[bought[0][0]]) and same_amount(said[6], bought[0][1]), day
            assert said[7] in (names[sold[-1][0]], shorts[sold[-1][0]]) and same_amount(said[8], -sold[-1][1]), day


def test_the_chinese_report_says_the_same_of_southbound_stocks(sample_run: SampleRun) -> None:
    document = report(sample_run, SAMPLE_WEEK[-1])
    chinese = "".join(p for s in document["text"]["zh-HK"]["sections"] for p in s["paragraphs"])
    [(name_zh, net)] = sample_run.query(
        """
        select any_value(stock.name_zh), sum(south.buy_turnover_hkd - south.sell_turnover_hkd) as net
        from raw.southbound_stocks as south
        inner join marts.stock_daily as stock using (trade_date, code)
        where south.trade_date = ? group by south.code having count(distinct south.channel) = 2
        order by net limit 1""",
        [SAMPLE_WEEK[-1]],
    )
    assert f"全部錄得淨賣出，以{name_zh}最多（兩渠道合計{abs(net) / 1e8:,.2f}億港元）" in chinese


def test_both_languages_state_the_same_percentages_each_day(sample_run: SampleRun) -> None:
    """Each language decides its own clauses (document.py decides the parts): where every stock
    named has a Chinese name (the sample week), the two say the same, so each percentage the English
    report states, the Chinese states as many times."""
    percent = re.compile(r"(?<![\d.])\d[\d,]*\.\d+%")
    for day in SAMPLE_WEEK:
        english = Counter(percent.findall(sample_run.report_file("closing_report.md", day)))
        chinese = Counter(percent.findall(sample_run.report_file("closing_report.zh-HK.md", day)))
        assert english == chinese, f"{day}: only in English {english - chinese}, only in Chinese {chinese - english}"


# --- sectors --------------------------------------------------------------------------------------


def nameable_sectors(run: SampleRun, day: date) -> list[tuple[str, str, float]]:
    return run.query(
        f"select sector, sector_zh, change_pct from marts.sector_daily where trade_date = ? and traded_count >= 3"
        f" and sector not in {NOT_INDUSTRIES} order by change_pct, sector",
        [day],
    )


def test_best_worst_and_led_mean_one_thing_in_the_body_and_the_headline(run: SampleRun) -> None:
    for day in days_of(run):
        document = report(run, day)
        text = english(document)
        sectors = nameable_sectors(run, day)  # by move, then by name: of two alike, the first by name
        worst = sectors[0]
        best = min(sectors, key=lambda s: (-s[2], s[0]))
        said = re.search(
            r"Of the industry sectors with at least three companies that traded, "
            + ranked("worst")
            + " and "
            + ranked("best"),
            text,
        )
        assert said["worst"] == worst[0].lower() and ranked_move(said, "worst") == worst[2], day
        assert said["best"] == best[0].lower() and ranked_move(said, "best") == best[2], day
        # One meaning per word: a sector that fell never "rose the most", nor one that rose "fell the least".
        if worst[2]:
            expected = ("fell", "most") if worst[2] < 0 else ("rose", "least")
            assert (said["worst_verb"], said["worst_rank"]) == expected, day
        if best[2]:
            expected = ("rose", "most") if best[2] > 0 else ("fell", "least")
            assert (said["best_verb"], said["best_rank"]) == expected, day
        # Led: the nameable sector that moved furthest the market's way, when the market moved at
        # least 0.5% and the sector moved its way; never a sector that went the other way.
        [(hsi,)] = run.query(
            "select change_pct from marts.index_daily where trade_date = ? and index_code = 'HSI'", [day]
        )
        leader = (worst if hsi < 0 else best) if abs(hsi) >= 0.5 else None
        if leader and (leader[2] < 0) == (hsi < 0) and leader[2] != 0:
            way = "decline" if hsi < 0 else "gains"
            assert f"the {leader[0].lower()} sector led the {way}" in document["text"]["en"]["headline"], day
            assert f"板塊領{'跌' if hsi < 0 else '升'}" in document["text"]["zh-HK"]["headline"], day
        else:
            assert (
                " led the " not in document["text"]["en"]["headline"]
                and "板塊領" not in document["text"]["zh-HK"]["headline"]
            ), day


SECTOR = re.compile(
    r"The (?P<sector>[a-z &]+|[A-Z][A-Za-z]+) sector was (?:(?P<way>down|up) (?P<pct>[\d.]+)%|unchanged) "
    r"\((?P<measure>[^)]*)\), "
    r"with (?P<up>[\d,]+|none) of its companies up and (?P<down>[\d,]+|none) down\."
)


def test_a_sectors_move_is_its_measure_recomputed_from_its_companies(run: SampleRun) -> None:
    checked = 0
    for day in days_of(run):
        for said in SECTOR.finditer(english(report(run, day))):
            [(sector, measure, up, down, traded)] = run.query(
                "select sector, change_measure, advancers, decliners, traded_count from marts.sector_daily"
                " where trade_date = ? and lower(sector) = ?",
                [day, said["sector"].lower()],
            )
            # The companies: a line each, an RMB counter left to its HKD counter.
            [(median, weighted, counted_up, counted_down, companies)] = run.query(
                """
                select median(change_pct_exact) filter (where turnover_hkd > 0),
                       sum(change_pct_exact * market_value_hkd / (1 + change_pct_exact / 100))
                           / sum(market_value_hkd / (1 + change_pct_exact / 100)),
                       count(*) filter (where movement = 'advancer'), count(*) filter (where movement = 'decliner'),
                       count(*) filter (where turnover_hkd > 0)
                from marts.stock_daily
                where trade_date = ? and sector = ? and movement is not null and hkd_counter_code is null""",
                [day, sector],
            )
            expected = {"median": median, "market_value": weighted}[measure]
            written = 0.0 if said["way"] is None else signed(said["way"], said["pct"])
            assert written == pytest.approx(round(expected, 2), abs=1e-9), (day, sector)
            assert said["measure"].startswith(
                {
                    "median": f"the median move of its {companies:,d} companies",
                    "market_value": "its companies' moves weighted",
                }[measure]
            ), (day, sector)
            assert (said["up"], said["down"]) == tuple(
                "none" if n == 0 else f"{n:,d}" for n in (counted_up, counted_down)
            )
            assert (counted_up, counted_down, companies) == (up, down, traded) and traded >= 3
            checked += 1
    assert checked >= 15


def test_the_top_ten_are_the_most_traded_with_their_figures(run: SampleRun) -> None:
    for day in days_of(run):
        lines = report(run, day)["text"]["en"]["sections"][-1]["paragraphs"]
        ranked = run.query(
            "select ranking.code, ranking.close, ranking.change_pct, ranking.turnover_hkd"
            " from marts.turnover_ranking as ranking"
            " inner join marts.stock_daily as stock using (trade_date, code)"
            " where trade_date = ? and not stock.is_unconfirmed_outlier order by rank limit 10",
            [day],
        )
        assert len(lines) == len(ranked), day
        for line, (code, close, change, turnover) in zip(lines, ranked, strict=True):
            said = re.search(
                r"\((\d+)\.HK\) closing price \w{3} ([\d,.]+), (?:(down|up) ([\d.]+)%|unchanged), "
                r"turnover (HKD [\d,.]+(?: \w+)?)",
                line,
            )
            assert said[1] == code and number(said[2]) == pytest.approx(close, abs=0.0051), (day, line)
            assert (0.0 if said[3] is None else signed(said[3], said[4])) == change and same_amount(
                said[5], turnover
            ), (day, line)
