"""Prose rules on small figures built in the test, in both languages: the words of docs/report.md
(led, best and worst, fell least), the sector measures, companies counted once, notes as context,
southbound stocks compared over both channels, streaks and records told only when known."""

import csv
from dataclasses import replace
from datetime import date

import pytest

from pipelines.config import PROJECT_ROOT
from pipelines.report import document, en, rules, zh
from pipelines.report.en import market as market_en
from pipelines.report.en import money as money_en
from pipelines.report.en import sectors as sectors_en
from pipelines.report.en import stocks as stocks_en
from pipelines.report.figures import (
    Breadth,
    CapitalFlow,
    DayFigures,
    IndexMove,
    MacroFigure,
    SectorMove,
    SouthboundStock,
    StockMove,
    SubSectorMove,
    both_channels,
)
from pipelines.report.loading import featured_sectors
from pipelines.report.zh import market as market_zh
from pipelines.report.zh import money as money_zh
from pipelines.report.zh import sectors as sectors_zh
from pipelines.report.zh import stocks as stocks_zh

SEEDS = PROJECT_ROOT / "dbt_project" / "seeds"
# The names the warehouse gives sectors and indices in Chinese, so that the Chinese test data is Chinese.
SECTOR_ZH = {row["sector"]: row["sector_zh"] for row in csv.DictReader((SEEDS / "sector_names.csv").open())}
INDEXES = {row["index_code"]: row for row in csv.DictReader((SEEDS / "index_reference.csv").open(encoding="utf-8"))}


def stock(
    name: str,
    change_pct: float,
    turnover: float = 1e9,
    note: str | None = None,
    sector: str = "Consumer Discretionary",
    name_zh: str | None = None,
    code: str = "1",
    note_zh: str | None = None,
    rmb_change: float | None = None,
) -> StockMove:
    return StockMove(
        code=code,
        name=name,
        name_zh=name_zh,
        currency="HKD",
        close=10.0,
        change_pct=change_pct,
        turnover_hkd=turnover,
        sector=sector,
        note=note,
        note_zh=note_zh,
        short_name=name.upper(),
        has_proper_name=True,
        rmb_counter_change_pct=rmb_change,
    )


def index(code: str, change_pct: float, close: float = 100.0, **more) -> IndexMove:
    return IndexMove(
        code=code,
        name=INDEXES[code]["index_name"],
        name_zh=INDEXES[code]["index_name_zh"],
        short_name_zh=INDEXES[code]["index_short_name_zh"] or None,
        close=close,
        prev_close=None,
        change_points=round(close - close / (1 + change_pct / 100), 2),
        change_pct=change_pct,
        change_5d_pct=None,
        change_ytd_pct=None,
        open=None,
        high=None,
        low=None,
        **more,
    )


def breadth(advancers: int, decliners: int) -> Breadth:
    return Breadth(
        advancers=advancers,
        decliners=decliners,
        unchanged=10,
        total=advancers + decliners + 10,
        suspended=0,
        new_52_week_highs=None,
        new_52_week_lows=None,
        advance_decline_ratio=None,
        turnover_hkd=1e10,
    )


def sector_move(
    name: str,
    change_pct: float,
    advancers: int = 1,
    decliners: int = 1,
    leaders: list[StockMove] | None = None,
    traded: int = 120,
    sub_sectors: list[SubSectorMove] | None = None,
    name_zh: str | None = None,
    **more,
) -> SectorMove:
    return SectorMove(
        sector=name,
        sector_zh=name_zh or SECTOR_ZH[name],
        change_pct=change_pct,
        advancers=advancers,
        decliners=decliners,
        unchanged=5,
        traded_count=traded,
        turnover_hkd=2.4e10,
        leaders=leaders or [],
        sub_sectors=sub_sectors or [],
        **more,
    )


def day(indexes: list[IndexMove], top: list[StockMove], sectors: list[SectorMove], **more) -> DayFigures:
    return DayFigures(
        trade_date=date(2025, 11, 21),
        indexes=indexes,
        breadth=breadth(423, 1886),
        featured_sectors=sectors,
        all_sectors=sectors,
        macro=[],
        popular_stocks=[],
        notable_gainers=[],
        notable_losers=[],
        turnover_top=top,
        top_share_of_turnover_pct=50.0,
        **more,
    )


@pytest.mark.parametrize(
    ("change", "verb", "verb_zh"),
    [
        (-12.47, "plunged", "急挫"),
        (-4.65, "slid", "大跌"),
        (-1.77, "fell", "下跌"),
        (-0.41, "edged down", "微跌"),
        (0.0, "was unchanged", "平收"),
        (0.3, "edged up", "微升"),
        (1.01, "rose", "上升"),
        (3.2, "jumped", "大升"),
        (6.56, "surged", "急升"),
    ],
)
def test_move_verbs_follow_the_size_and_direction_of_the_move(change: float, verb: str, verb_zh: str) -> None:
    assert (stocks_en.move_verb(change), stocks_zh.move_verb(change)) == (verb, verb_zh)


def test_a_stock_rising_in_a_falling_market_rises_against_the_trend() -> None:
    assert stocks_en.stock_move(stock("Xiaomi", 1.01), market_change=-2.38) == "Xiaomi rose 1.01% against the trend"
    assert stocks_en.stock_move(stock("Alibaba", -4.65), market_change=-2.38) == "Alibaba slid 4.65%"
    assert stocks_en.stock_move(stock("Xiaomi", 1.01), market_change=-0.02) == "Xiaomi rose 1.01%"  # no trend


def test_an_rmb_counter_moves_with_its_company_never_on_its_own() -> None:
    xiaomi = stock("Xiaomi Group", 1.01, name_zh="小米集團－Ｗ", rmb_change=1.05)
    assert (
        stocks_en.stock_move(xiaomi, -2.38) == "Xiaomi Group rose 1.01% against the trend (its RMB counter rose 1.05%)"
    )
    assert stocks_zh.stock_move(xiaomi, -2.38) == "小米集團－Ｗ逆市上升1.01%（其人民幣櫃台上升1.05%）"


def test_an_editors_note_is_context_in_a_sentence_of_its_own_never_a_cause() -> None:
    # It was joined to the move by "as the company ...", which made a note a cause.
    miniso = stock(
        "Miniso", -2.58, name_zh="名創優品", note='launched its "IP Genius Plan"', note_zh="推出「IP天才計劃」"
    )
    english = stocks_en.stocks_sentence([miniso], market_change=-2.38)
    chinese = stocks_zh.stocks_sentence([miniso], market_change=-2.38)
    assert (
        english
        == 'Miniso fell 2.58%, with turnover of HKD 1.000 billion. On the day, Miniso launched its "IP Genius Plan".'
    )
    assert chinese == "名創優品下跌2.58%，成交額10.00億港元。當日，名創優品推出「IP天才計劃」。"
    for text in (english, chinese):
        assert not any(word in text for word in (" as ", "because", "受", "帶動", "編輯按"))


def test_stocks_named_together_are_named_in_one_style() -> None:
    proper = stock("Tencent Holdings", -1.77)
    short_only = replace(stock("CHINA MOBILE", -0.35), has_proper_name=False)
    assert stocks_en.stocks_sentence([proper, short_only], None).startswith("TENCENT HOLDINGS fell 1.77%")
    assert "CHINA MOBILE" in stocks_en.stocks_sentence([proper, short_only], None)
    assert stocks_en.stocks_sentence([proper], None).startswith("Tencent Holdings fell")


def test_the_chinese_prose_names_no_stock_without_a_chinese_name() -> None:
    text = stocks_zh.stocks_sentence([stock("Alibaba", -4.65, name_zh="阿里巴巴－Ｗ"), stock("JD.com", -2.82)], None)
    assert text == "阿里巴巴－Ｗ大跌4.65%，成交額10.00億港元。"
    assert stocks_zh.popular_paragraph(stock("JD.com", -2.82), None) is None


def test_led_the_decline_is_the_nameable_sector_that_fell_furthest_and_the_body_agrees() -> None:
    sectors = [
        sector_move("Telecommunications", -0.36, traded=3),
        sector_move("Information Technology", -1.56, traded=101),
        sector_move("Exchange Traded Funds", -2.9, traded=180),  # a fund category, never ranked
        sector_move("Materials", -11.73, traded=2),  # one company's news, not its sector's
    ]
    figures = day([index("HSI", -2.38)], [stock("Alibaba", -4.65, name_zh="阿里巴巴－Ｗ")], sectors)
    assert rules.leading_sector(figures).sector == "Information Technology"
    assert document.headline(en, figures) == (
        "Hong Kong stock market closing | Hang Seng Index fell 2.38%, "
        "the information technology sector led the decline, Alibaba slid 4.65%"
    )
    assert document.sectors_across(en, figures) == (
        "Of the industry sectors with at least three companies that traded, information technology fell the most "
        "(down 1.56%) and telecommunications fell the least (down 0.36%)."
    )
    assert document.headline(zh, figures) == "港股收市｜恒指跌2.38%，資訊科技板塊領跌，阿里巴巴－Ｗ大跌4.65%"
    assert document.sectors_across(zh, figures) == (
        "在最少三家公司有成交的行業板塊中，資訊科技業跌幅最大（跌1.56%），電訊業跌幅最少（跌0.36%）。"
    )


def test_a_sector_that_fell_is_never_best_nor_leading_a_rise() -> None:
    sectors = [sector_move("Utilities", -0.3, traded=16), sector_move("Energy", -0.9, traded=12)]
    rising = day([index("HSI", 1.2)], [], sectors)
    assert rules.leading_sector(rising) is None  # no sector rose with the market
    assert "led" not in document.headline(en, rising) and "領" not in document.headline(zh, rising)
    assert rules.ranked_move(-0.3, top=True) == "fell_least" and rules.ranked_move(0.4, top=False) == "rose_least"
    flat = day([index("HSI", 0.1)], [], sectors)
    assert rules.leading_sector(flat) is None  # no trend, no leader


def test_the_best_and_worst_sectors_are_named_among_those_with_three_traded_companies() -> None:
    sectors = [
        sector_move("Industrials", 6.56, traded=1),
        sector_move("Consumer Discretionary", 2.4, traded=3, name_zh="非必需性消費"),
        sector_move("Financials", -8.51, traded=40, name_zh="金融業"),
        sector_move("Materials", -12.47, traded=2),
    ]
    figures = day([index("HSI", -1.0)], [], sectors)
    assert document.sectors_across(en, figures) == (
        "Of the industry sectors with at least three companies that traded, financials fell the most (down 8.51%) and "
        "consumer discretionary rose the most (up 2.40%)."
    )
    assert document.sectors_across(zh, figures) == (
        "在最少三家公司有成交的行業板塊中，金融業跌幅最大（跌8.51%），非必需性消費升幅最大（升2.40%）。"
    )
    assert document.sectors_across(en, day([index("HSI", -1.0)], [], sectors[:2])) is None


def test_a_sectors_move_says_how_it_is_measured_and_names_a_member_that_owns_it() -> None:
    median = sector_move("Information Technology", -1.56, 12, 82, traded=101, name_zh="資訊科技業")
    assert sectors_en.sector_paragraph(median, None) == (
        "The information technology sector was down 1.56% (the median move of its 101 companies that traded), "
        "with 12 of its companies up and 82 down."
    )
    assert sectors_zh.sector_paragraph(median, None) == (
        "資訊科技板塊下跌1.56%（按其101家有成交公司變幅的中位數計），12家公司上升，82家下跌。"
    )
    weighted = sector_move(
        "Telecommunications", -0.36, 0, 3, traded=3, name_zh="電訊業", change_measure="market_value",
        heaviest_name="China Mobile", heaviest_name_zh="中國移動", heaviest_weight_pct=93.4,
    )  # fmt: skip
    assert "(its companies' moves weighted by market value; China Mobile makes up 93% of that value)" in (
        sectors_en.sector_paragraph(weighted, None)
    )
    assert "電訊板塊下跌0.36%（按市值加權計；中國移動佔其市值93%）" in sectors_zh.sector_paragraph(weighted, None)
    published = replace(median, change_measure="published_index")
    assert "(its Hang Seng Composite Industry Index)" in sectors_en.sector_paragraph(published, None)


def test_a_sub_sector_of_fewer_than_three_companies_gets_no_move_of_its_own() -> None:
    # Xiaomi's HKD and RMB counters once made the hardware sub-sector three "stocks".
    hardware = SubSectorMove(
        sub_sector="Hardware, Storage & Peripherals",
        sub_sector_zh="硬件、儲存及周邊設備",
        change_pct=0.3,
        traded_count=2,
        leaders=[
            stock("Xiaomi Group", 1.01, 15.807e9, name_zh="小米集團－Ｗ", rmb_change=1.05),
            stock("Lenovo Group", -0.41, name_zh="聯想集團"),
        ],
    )
    internet = SubSectorMove(
        sub_sector="Internet Content & Information",
        sub_sector_zh="互聯網內容及資訊",
        change_pct=-1.77,
        traded_count=3,
        leaders=[stock("Tencent Holdings", -1.77, 14.482e9, name_zh="騰訊控股")],
    )
    sector = sector_move(
        "Information Technology", -1.56, 12, 82, traded=101, name_zh="資訊科技業", sub_sectors=[hardware, internet]
    )
    english = sectors_en.sector_paragraph(sector, market_change=-2.38)
    assert (
        "Xiaomi Group rose 1.01% against the trend (its RMB counter rose 1.05%), with turnover of HKD 15.807 billion. "
        "Among Xiaomi Group's hardware, storage & peripherals peers, Lenovo Group edged down 0.41%. Within it, "
        "internet content & information stocks were down 1.77% (the median move of the 3 companies that traded)."
    ) in english
    assert "hardware, storage & peripherals stocks were" not in english
    chinese = sectors_zh.sector_paragraph(sector, market_change=-2.38)
    assert "同屬硬件、儲存及周邊設備股的聯想集團微跌0.41%。當中互聯網內容及資訊股下跌1.77%" in chinese


def test_featured_sectors_skip_a_sector_of_fewer_than_three_traded_companies_unclassified_and_funds() -> None:
    ranking = [
        stock("Tracker Fund", 0.5, sector="Exchange Traded Funds"),
        stock("GaoDi", 6.56, sector="Industrials"),
        stock("Unknown", 1.0, sector="Unclassified"),
        stock("Alibaba", -4.65, sector="Consumer Discretionary"),
        stock("Tencent", -1.77, sector="Information Technology"),
    ]
    sectors = {
        "Exchange Traded Funds": sector_move("Exchange Traded Funds", 0.2, traded=180),
        "Industrials": sector_move("Industrials", 6.56, traded=1),
        "Unclassified": sector_move("Unclassified", 0.1, traded=1500),
        "Consumer Discretionary": sector_move("Consumer Discretionary", -3.47, traded=183),
        "Information Technology": sector_move("Information Technology", -1.89, traded=86),
    }
    featured = featured_sectors(ranking, sectors, {})
    assert [s.sector for s in featured] == ["Consumer Discretionary", "Information Technology"]


def test_a_flat_sector_reads_as_unchanged() -> None:
    sector = sector_move("Consumer Staples", 0.0, 4, 4, traded=10, name_zh="必需性消費")
    assert sectors_en.sector_paragraph(sector, None).startswith("The consumer staples sector was unchanged (")
    assert sectors_zh.sector_paragraph(sector, None).startswith("必需性消費板塊持平（")


def test_chinese_sector_names_take_no_extra_ye_before_ban_kuai() -> None:
    from pipelines.report.zh.words import board_name

    assert [board_name(n) for n in ("資訊科技業", "工業", "公用事業", "綜合企業", "非必需性消費")] == [
        "資訊科技板塊", "工業板塊", "公用事業板塊", "綜合企業板塊", "非必需性消費板塊",
    ]  # fmt: skip


def southbound(name: str, net: float, both: bool = True, name_zh: str | None = None) -> SouthboundStock:
    return SouthboundStock(
        code=name, name=name, short_name=name.upper(), name_zh=name_zh or name, net_buy_hkd=net,
        shanghai_net_buy_hkd=net / 2, shenzhen_net_buy_hkd=net / 2 if both else None, is_in_both_lists=both,
        has_proper_name=True,
    )  # fmt: skip


def flows_day(stocks: list[SouthboundStock], prev: float | None = 1e9) -> DayFigures:
    channels = [
        CapitalFlow("Shanghai", 13.2e9, 17.6e9, -4.4e9, prev_net_buy_hkd=None if prev is None else prev / 2),
        CapitalFlow("Shenzhen", 8.6e9, 12.0e9, -3.4e9, prev_net_buy_hkd=None if prev is None else prev / 2),
    ]
    return day([], [], [], capital_flows=channels, southbound=both_channels(channels), southbound_stocks=stocks)


def test_most_net_bought_is_said_only_of_a_stock_net_bought_over_both_channels() -> None:
    # Pop Mart was called the most net-bought with one channel's figure; over both it was net sold.
    figures = flows_day(
        [southbound("Pop Mart", -2.36e6), southbound("Alibaba", -2.866e9), southbound("Meituan", 9e9, both=False)]
    )
    bought, sold = rules.southbound_extremes(figures)
    assert bought is None and sold.name == "Alibaba"
    text = document.southbound(en, figures)
    assert "net bought" not in text
    assert text.endswith(
        "Of the two stocks in both channels' most-traded lists, all were net sold, Alibaba the most "
        "(HKD 2.866 billion over both channels)."
    )
    assert "Meituan" not in text  # in one channel's list only: no figure over both channels
    assert "全部錄得淨賣出，以Alibaba最多（兩渠道合計28.66億港元）" in document.southbound(zh, figures)


def test_a_southbound_flow_that_changed_side_since_the_day_before_says_so() -> None:
    turned = document.southbound(en, flows_day([], prev=1.064e9))
    assert turned.startswith(
        "Southbound investors were net sellers of HKD 7.800 billion through Stock Connect (HKD 4.400 billion via "
        "Shanghai and HKD 3.400 billion via Shenzhen), turning from net buying of HKD 1.064 billion the day before."
    )
    assert "資金流向逆轉" in document.southbound(zh, flows_day([], prev=1.064e9))
    same_side = document.southbound(en, flows_day([], prev=-2e9))
    assert "after net selling of HKD 2.000 billion the day before" in same_side
    assert "the day before" not in document.southbound(en, flows_day([], prev=None))


@pytest.mark.parametrize(
    ("streak", "days_since", "english", "chinese"),
    [
        (-3, None, " It was the Hang Seng Index's third straight fall.", "恒指連跌三日。"),
        (-2, None, "", ""),  # a second day is not a streak to tell
        (
            None,
            25,
            " It was the Hang Seng Index's largest one-day fall since 7 April 2025.",
            "恒指單日跌幅為2025年4月7日以來最大。",
        ),
        (-1, 5, "", ""),  # the largest since last week is not news
    ],
)
def test_streaks_and_records_are_told_only_when_long_enough(
    streak: int | None, days_since: int | None, english: str, chinese: str
) -> None:
    hsi = index("HSI", -2.38, streak_days=streak, last_larger_move_on=date(2025, 4, 7) if days_since else None,
                trading_days_since_larger_move=days_since)  # fmt: skip
    assert (document.streak_and_record(en, hsi), document.streak_and_record(zh, hsi)) == (english, chinese)


def test_the_index_clause_gives_points_percent_close_and_range() -> None:
    hsi = replace(index("HSI", -2.38, close=25222.02), change_points=-614.92, low=24918.84, high=26252.47)
    assert market_en.index_clause(hsi) == (
        "the Hang Seng Index fell 614.92 points, or 2.38%, to 25,222.02, in a range of 24,918.84 to 26,252.47"
    )
    assert (
        market_zh.index_clause(hsi) == "恒指跌614.92點或2.38%，收報25,222.02點（全日最低24,918.84點，最高26,252.47點）"
    )


def test_breadth_says_how_far_one_side_outnumbers_the_other() -> None:
    assert market_en.breadth_sentence(breadth(423, 1886)) == (
        "Across the market, 423 stocks rose, 1,886 fell and 10 were unchanged: more than four fell for each one "
        "that rose."
    )
    assert market_en.breadth_sentence(breadth(100, 300)).endswith("three fell for each one that rose.")
    assert (
        market_en.breadth_sentence(breadth(1100, 1150))
        == "Across the market, 1,100 stocks rose, 1,150 fell and 10 were unchanged."
    )
    assert market_zh.breadth_sentence(breadth(423, 1886)) == (
        "全日423隻股份上升，1,886隻下跌，10隻平收，下跌股份數目超過上升股份的四倍。"
    )


def macro(indicator: str, value: float, prior: float | None, unit: str = "%", label_zh: str = "") -> MacroFigure:
    return MacroFigure(
        indicator=indicator,
        label=indicator,
        label_zh=label_zh or indicator,
        period="2025-10",
        value=value,
        unit=unit,
        released_on=date(2025, 11, 18),
        published_by="C&SD",
        prior_period="2025-09" if prior is not None else None,
        prior_value=prior,
    )


def test_macro_sentences_compare_with_the_prior_value() -> None:
    assert money_en.macro_sentence(macro("unemployment_rate", 3.8, 3.9)) == (
        "The three-month unemployment rate fell to 3.8% from 3.9% (October 2025), a firmer job market."
    )
    assert money_en.macro_sentence(macro("pmi", 49.2, 50.4, "index")) == (
        "The manufacturing PMI fell to 49.2 from 50.4 (October 2025), "
        "below the 50 line between expansion and contraction."
    )
    assert money_en.macro_sentence(macro("exports_yoy", -3.1, 2.0)).startswith("Total exports fell 3.1% year on year")
    assert money_en.macro_sentence(macro("trade_balance", -34.3, None, "HKD billion")) == (
        "The visible trade balance showed a deficit of HKD 34.3 billion (October 2025)."
    )


def test_chinese_macro_growth_is_a_yearly_change_and_amounts_carry_no_spurious_decimals() -> None:
    assert money_zh.macro_sentence(macro("m3_yoy", 4.0, 3.6, label_zh="M3貨幣供應按年變幅")) == (
        "M3貨幣供應按年增長4.0%（2025年10月），前值為3.6%。"
    )
    assert money_zh.macro_sentence(macro("exports_yoy", -3.1, 2.0, label_zh="整體出口貨值按年變幅")).startswith(
        "整體出口貨值按年下跌3.1%"
    )
    assert (
        money_zh.macro_sentence(macro("trade_balance", -34.3, None, "HKD billion"))
        == "2025年10月有形貿易逆差為343億港元。"
    )


def test_a_move_far_outside_its_usual_range_is_called_out() -> None:
    mover = replace(stock("Ganfeng Lithium", -12.47, 2.115e9, code="1772"), usual_move_pct=0.89, times_usual_move=14.0)
    assert stocks_en.notable_mover(mover, market_change=-2.38) == (
        "Ganfeng Lithium (1772.HK) plunged 12.47%, 14.0 times its usual daily move of 0.89%, far outside its "
        "range, with turnover of HKD 2.115 billion."
    )


def test_indices_moving_apart_are_mixed() -> None:
    assert market_en.indexes_together([index("HSI", 0.3), index("HSCEI", -0.2), index("HSTECH", 0.1)]) == (
        "the three major indices were mixed"
    )


def test_one_outlying_sector_does_not_set_the_sector_charts_scale() -> None:
    from pipelines.report import charts
    from pipelines.report.en import words

    names = ["Energy", "Financials", "Industrials", "Materials"]
    sectors = [sector_move(name, change) for name, change in zip(names, [0.4, -0.8, -1.2, -11.73], strict=True)]
    spec = charts.sector_chart(day([], [], sectors), words)
    low, high = spec["layout"]["xaxis"]["range"]
    assert low > -3.5 and high < 1.5  # the others' scale: -1.2 at most, and room for the labels
    assert spec["data"][0]["y"][0].endswith("-11.73%")  # its label still gives its move
    even = [sector_move(name, change) for name, change in zip(names, [0.4, -0.8, -1.2, -2.0], strict=True)]
    assert charts.sector_chart(day([], [], even), words)["layout"]["xaxis"]["range"][0] < -2.0


def test_the_money_paragraphs_say_only_what_the_day_published() -> None:
    """Short selling, the exchange's totals and an earlier day's fx rate: each said only when the
    day has it (decided once, in document.py, for both languages)."""
    bare = day([index("HSI", -1.0)], [], [])  # breadth, and no short selling, no exchange totals, no fx caveat
    assert document.money_paragraphs(en, bare) == document.money_paragraphs(zh, bare) == []
    published = replace(
        bare,
        breadth=replace(
            bare.breadth,
            short_turnover_hkd=2.2e10,
            short_ratio_pct=13.6,
            exchange_turnover_hkd=1.05e10,
            exchange_advanced=700,
            exchange_declined=2100,
            differs_from_exchange=True,
        ),
        earlier_fx_rates={"CNY": date(2025, 11, 20)},
    )
    assert document.money_paragraphs(en, published) == [
        "Short selling came to HKD 22.000 billion, 13.6% of market turnover.",
        "HKEX's own totals differ from these: it put market turnover at HKD 10.500 billion (here HKD 10.000 billion) "
        "and counted 700 securities up and 2,100 down over all its securities, where these counts take equities, "
        "ETPs and REITs only.",
        "Turnover in other currencies is converted to HKD with the latest rate published before the day: "
        "CNY at the rate of November 20.",
    ]
    assert document.money_paragraphs(zh, published) == [
        "沽空成交額220.00億港元，佔大市成交額13.6%。",
        "香港交易所公布的大市成交額為105.00億港元（本報告為100.00億港元），全部證券中700隻上升、2,100隻下跌；"
        "本報告只計股本、交易所買賣產品及房地產投資信託基金。",
        "非港元成交額以當日之前最新公布的匯率折算：人民幣按11月20日的匯率。",
    ]
    agreeing = replace(published, breadth=replace(published.breadth, differs_from_exchange=False))
    assert not any("HKEX" in p for p in document.money_paragraphs(en, agreeing))
