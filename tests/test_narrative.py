"""Prose rules on small figures built in the test."""

from datetime import date

import pytest

from pipelines.report import rules
from pipelines.report.en import market as narrative
from pipelines.report.en import money as macro_en
from pipelines.report.figures import (
    Breadth,
    DayFigures,
    IndexMove,
    MacroFigure,
    SectorMove,
    StockMove,
    SubSectorMove,
)
from pipelines.report.loading import featured_sectors
from pipelines.report.zh import market as narrative_zh


def stock(
    name: str,
    change_pct: float,
    turnover: float = 1e9,
    note: str | None = None,
    sector: str = "Retail",
    name_zh: str | None = None,
    code: str = "1",
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
    )


def index(code: str, change_pct: float, close: float = 100.0) -> IndexMove:
    return IndexMove(
        code=code,
        name=f"{code} Index",
        name_zh=code,
        close=close,
        prev_close=None,
        change_points=None,
        change_pct=change_pct,
        change_5d_pct=None,
        change_ytd_pct=None,
        open=None,
        high=None,
        low=None,
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
    advancers: int,
    decliners: int,
    leaders: list[StockMove] | None = None,
    traded: int = 120,
    sub_sectors: list[SubSectorMove] | None = None,
) -> SectorMove:
    return SectorMove(
        sector=name,
        sector_zh=name,
        change_pct=change_pct,
        advancers=advancers,
        decliners=decliners,
        unchanged=5,
        traded_count=traded,
        turnover_hkd=2.4e10,
        leaders=leaders or [],
        sub_sectors=sub_sectors or [],
    )


@pytest.mark.parametrize(
    ("change", "verb"),
    [
        (-12.47, "plummeted"),
        (-4.65, "fell sharply"),
        (-1.77, "fell"),
        (-0.41, "edged down"),
        (0.0, "was unchanged"),
        (0.3, "edged up"),
        (1.01, "rose"),
        (3.2, "jumped"),
        (6.56, "soared"),
    ],
)
def test_move_verbs_follow_the_size_and_direction_of_the_move(change: float, verb: str) -> None:
    assert narrative.move_verb(change) == verb


def test_a_stock_rising_in_a_falling_market_rises_against_the_trend() -> None:
    assert narrative.stock_move(stock("Xiaomi", 1.01), market_change=-2.38) == "Xiaomi rose against the trend by 1.01%"
    assert narrative.stock_move(stock("Alibaba", -4.65), market_change=-2.38) == "Alibaba fell sharply by 4.65%"


def test_no_trend_to_go_against_when_the_market_barely_moved() -> None:
    assert narrative.stock_move(stock("Xiaomi", 1.01), market_change=-0.02) == "Xiaomi rose by 1.01%"


@pytest.mark.parametrize(
    ("advancers", "decliners", "tone"),
    [(423, 1886, "weak"), (1000, 1300, "soft"), (1100, 1150, "balanced"), (1300, 1000, "firm"), (2000, 500, "strong")],
)
def test_breadth_tone_follows_the_advance_decline_balance(advancers: int, decliners: int, tone: str) -> None:
    assert rules.breadth_tone(breadth(advancers, decliners)) == tone


def test_sector_paragraph_names_leader_turnover_others_note_and_divergence() -> None:
    sector = sector_move(
        "Retail",
        -4.32,
        20,
        99,
        leaders=[
            stock("Alibaba-W", -4.65, 20_975_097_987),
            stock("JD.com", -2.82),
            stock("Miniso", 2.58, note='launched its "IP Genius Plan"'),
        ],
    )
    text = narrative.sector_paragraph(sector, market_change=-2.38)
    assert text.startswith(
        "The retail sector was weak, down 4.32% on a turnover-weighted basis, with 20 of its 120 traded stocks up "
        "and 99 down."
    )
    assert "Alibaba-W fell sharply by 4.65%, with turnover of HKD 20.975 billion; JD.com fell by 2.82%" in text
    assert 'Miniso rose against the trend by 2.58%, as the company launched its "IP Genius Plan"' in text
    assert text.endswith("Miniso moved against its sector.")


def macro(indicator: str, value: float, prior: float | None, unit: str = "%") -> MacroFigure:
    return MacroFigure(
        indicator=indicator,
        label=indicator,
        label_zh=indicator,
        period="2025-10",
        value=value,
        unit=unit,
        released_on=date(2025, 11, 18),
        published_by="C&SD",
        prior_period="2025-09" if prior is not None else None,
        prior_value=prior,
    )


def test_macro_sentences_compare_with_the_prior_value() -> None:
    assert macro_en.macro_sentence(macro("unemployment_rate", 3.8, 3.9)) == (
        "The three-month unemployment rate fell to 3.8% from 3.9% (October 2025), a firmer job market."
    )
    assert macro_en.macro_sentence(macro("pmi", 49.2, 50.4, "index")) == (
        "The manufacturing PMI fell to 49.2 from 50.4 (October 2025), "
        "below the 50 line between expansion and contraction."
    )
    assert macro_en.macro_sentence(macro("exports_yoy", -3.1, 2.0)).startswith("Total exports fell 3.1% year on year")
    assert macro_en.macro_sentence(macro("trade_balance", -34.3, None, "HKD billion")) == (
        "The visible trade balance showed a deficit of HKD 34.3 billion (October 2025)."
    )


def day(indexes: list[IndexMove], top: list[StockMove], sectors: list[SectorMove]) -> DayFigures:
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
    )


def test_headline_names_the_index_move_leading_sector_biggest_mover_and_contrarian() -> None:
    figures = day(
        [index("HSI", -2.38), index("HSCEI", -2.45)],
        [stock("Alibaba-W", -4.65), stock("Xiaomi", 1.01), stock("Tencent", -1.77)],
        [sector_move("Retail", -4.3, 1, 2), sector_move("Hardware", 0.8, 2, 1)],
    )
    assert narrative.headline(figures) == (
        "Hong Kong stock market closing | HSI Index fell 2.38%, Retail led the decline, "
        "Alibaba-W fell sharply 4.65%, Xiaomi rose against the trend"
    )


def test_the_chinese_headline_names_the_leading_sector_as_the_english_one_does() -> None:
    figures = day(
        [index("HSI", -2.38)],
        [stock("Alibaba-W", -4.65, name_zh="阿里巴巴－ＳＷ")],
        [sector_move("零售", -4.3, 1, 2), sector_move("硬件", 0.8, 2, 1)],
    )
    assert narrative_zh.headline(figures) == "港股收市｜HSI跌2.38%，零售板塊領跌，阿里巴巴－ＳＷ大跌4.65%"
    rising = day([index("HSI", 1.2)], [], [sector_move("零售", -0.3, 1, 2), sector_move("硬件", 2.1, 2, 1)])
    assert narrative_zh.headline(rising) == "港股收市｜HSI升1.20%，硬件板塊領升"
    flat = day([index("HSI", 0.1)], [], [sector_move("零售", -4.3, 1, 2)])
    assert "板塊" not in narrative_zh.headline(flat)  # no trend, no leader


def test_indices_moving_apart_are_mixed() -> None:
    assert narrative.indexes_together([index("HSI", 0.3), index("HSCEI", -0.2), index("HSTECH", 0.1)]) == (
        "the three major indices of the Hong Kong stock market were mixed"
    )


def test_a_move_far_outside_its_usual_range_is_called_out() -> None:
    mover = StockMove(
        code="1772",
        name="Ganfeng Lithium",
        currency="HKD",
        close=50.2,
        change_pct=-12.47,
        turnover_hkd=2.115e9,
        usual_move_pct=0.89,
        times_usual_move=14.0,
    )
    assert narrative.notable_mover(mover, market_change=-2.38) == (
        "Ganfeng Lithium (1772.HK) plummeted by 12.47%, 14.0 times its usual daily move of 0.89%, far outside its "
        "range, with turnover of HKD 2.115 billion."
    )


def test_the_best_and_worst_sectors_are_named_among_those_with_three_traded_stocks() -> None:
    sectors = [
        sector_move("Industrial Machinery", 6.56, 1, 0, traded=1),  # one stock's move is not a sector's
        sector_move("Retail", 2.4, 1, 1, traded=3),
        sector_move("Banks", -8.51, 1, 1, traded=40),
        sector_move("Metals & Mining", -12.47, 0, 2, traded=2),
    ]
    figures = day([index("HSI", -1.0)], [], sectors)
    assert narrative.sectors_across(figures) == (
        "Across sectors with at least 3 traded stocks, retail led (up 2.40%) and banks lagged (down 8.51%)."
    )
    assert narrative_zh.sectors_across(figures) == (
        "在最少3隻股份有成交的板塊中，Retail表現最好（升2.40%），Banks表現最差（跌8.51%）。"
    )
    assert narrative.sectors_across(day([index("HSI", -1.0)], [], sectors[:2])) is None


def test_a_featured_sector_names_its_sub_sectors_with_their_own_leaders() -> None:
    retail = SubSectorMove(
        sub_sector="Retail",
        sub_sector_zh="零售",
        change_pct=-4.51,
        traded_count=3,
        leaders=[stock("Alibaba-W", -4.65, 20.975e9, name_zh="阿里巴巴－ＳＷ"), stock("JD.com", -2.82)],
    )
    sector = sector_move("Consumer Discretionary", -3.47, 22, 143, traded=183, sub_sectors=[retail])
    sector = SectorMove(**{**sector.__dict__, "sector_zh": "非必需性消費"})
    assert narrative.sector_paragraph(sector, market_change=-2.38) == (
        "The consumer discretionary sector was weak, down 3.47% on a turnover-weighted basis, with 22 of its 183 "
        "traded stocks up and 143 down. Within it, retail names fell sharply (down 4.51% on a turnover-weighted "
        "basis). Alibaba-W fell sharply by 4.65%, with turnover of HKD 20.975 billion; JD.com fell by 2.82%."
    )
    # No Chinese name: the code alone, never the English name in Chinese prose.
    assert narrative_zh.sector_paragraph(sector, market_change=-2.38) == (
        "非必需性消費板塊按成交額加權下跌3.47%，183隻有成交的股份中22隻上升，143隻下跌。"
        "當中零售股按成交額加權下跌4.51%：阿里巴巴－ＳＷ大跌4.65%，成交額209.75億港元。1.HK下跌2.82%。"
    )


def test_featured_sectors_skip_a_sector_of_fewer_than_three_traded_stocks_and_unclassified() -> None:
    ranking = [
        stock("GaoDi", 6.56, sector="Industrials"),
        stock("Unknown", 1.0, sector="Unclassified"),
        stock("Alibaba-W", -4.65, sector="Consumer Discretionary"),
        stock("JD.com", -2.82, sector="Consumer Discretionary"),
        stock("Tencent", -1.77, sector="Information Technology"),
    ]
    sectors = {
        "Industrials": sector_move("Industrials", 6.56, 1, 0, traded=1),
        "Unclassified": sector_move("Unclassified", 0.1, 500, 400, traded=1500),
        "Consumer Discretionary": sector_move("Consumer Discretionary", -3.47, 22, 143, traded=183),
        "Information Technology": sector_move("Information Technology", -1.89, 17, 63, traded=86),
    }
    featured = featured_sectors(ranking, sectors, {})
    assert [s.sector for s in featured] == ["Consumer Discretionary", "Information Technology"]


def test_a_flat_sector_and_a_flat_sub_sector_read_as_flat() -> None:
    flat = SubSectorMove(sub_sector="Retail", sub_sector_zh="零售", change_pct=0.0, traded_count=3)
    sector = sector_move("Consumer Staples", 0.0, 4, 4, traded=10, sub_sectors=[flat])
    assert narrative.sector_paragraph(sector, market_change=-2.38) == (
        "The consumer staples sector was flat on a turnover-weighted basis, with 4 of its 10 traded stocks up and "
        "4 down. Within it, retail names were unchanged (flat on a turnover-weighted basis)."
    )
