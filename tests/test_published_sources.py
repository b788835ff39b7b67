"""The parsers of what HKEX, Hang Seng Indexes and HKMA publish, on the replay day's payloads
(tests/fixtures/replay/2025-11-21, in the publishers' layouts): what they read, and the clear
error each gives for a page that is not what it expects."""

import json
from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from pipelines.contract.validation import validate
from pipelines.sources.hkex import hang_seng
from pipelines.sources.hkex.downloads import Downloads
from pipelines.sources.hkex.hang_seng_indexes import HangSengIndexes, industry_index_codes
from pipelines.sources.hkex.highlights import parse_exchange_totals, parse_index_levels
from pipelines.sources.hkex.hkma_fx import HkmaFxFormatError, latest_rates_before
from pipelines.sources.hkex.quotations import NoTrading, QuotationsFormatError, parse_quotations
from pipelines.sources.hkex.securities import ListOfSecuritiesError, read_chinese_names, read_list_of_securities
from pipelines.sources.hkex.short_selling import parse_short_selling
from pipelines.sources.hkex.stock_connect import StockConnectFormatError, parse_southbound
from pipelines.sources.hkex.vintages import Vintage, fetch_date_for

REPLAY = Path(__file__).parent / "fixtures" / "replay" / "2025-11-21"
HOLIDAY_PAGE = Path(__file__).parent / "fixtures" / "hkex" / "genuine" / "d261001e.htm"
GENUINE = Path(__file__).parent / "fixtures" / "hkex" / "genuine"
DAY = date(2025, 11, 21)


def page() -> str:
    return (REPLAY / "hkex" / "d251121e.htm").read_text(encoding="latin-1")


def payload(name: str) -> bytes:
    return (REPLAY / name).read_bytes()


# --- MARKET HIGHLIGHTS ---------------------------------------------------------------------------


def test_index_rows_read_close_and_previous_close_from_their_arithmetic() -> None:
    levels = {r["index_code"]: (r["close"], r["prev_close"]) for r in parse_index_levels(page()).iter_rows(named=True)}
    assert levels == {"HSI": (25222.02, 25836.94), "HSCEI": (8919.78, 9143.80)}


def test_the_real_2018_hsi_row_reads_its_second_figure_as_the_close() -> None:
    # The one real row public parsers quote (31 Aug 2018): 27,888.55 - 28,164.05 = -275.50.
    real = "MARKET HIGHLIGHTS\n                  HANG SENG INDEX   27906.59 27888.55 28164.05   -275.50  -0.978\n"
    real += "   HANG SENG CHINA ENTERPRISES INDEX  10960.11 10922.01 11050.04   -128.03  -1.159\n"
    levels = parse_index_levels(real)
    assert levels.filter(index_code="HSI").select("close", "prev_close").row(0) == (27888.55, 28164.05)


def test_index_figures_that_do_not_add_up_are_refused() -> None:
    swapped = page().replace("25222.02 25836.94", "25836.94 25222.02")
    with pytest.raises(QuotationsFormatError, match=r"HANG SENG INDEX row's figures do not add up"):
        parse_index_levels(swapped)


def test_a_page_without_the_hscei_row_names_what_is_missing() -> None:
    without = "\n".join(line for line in page().split("\n") if "ENTERPRISES INDEX" not in line)
    with pytest.raises(QuotationsFormatError, match="MARKET HIGHLIGHTS holds no row for HSCEI"):
        parse_index_levels(without)


def test_the_exchange_totals_are_read_by_their_labels() -> None:
    totals = parse_exchange_totals(page()).row(0, named=True)
    assert totals == {
        "source_row": None,
        "total_turnover_hkd": 105_313_715_824.0,
        "advanced": 2,
        "declined": 30,
        "unchanged": 0,
    }


# --- SHORT SELLING TURNOVER - DAILY REPORT -------------------------------------------------------


def test_short_selling_rows_are_read_per_security() -> None:
    short = {r["code"]: r for r in parse_short_selling(page()).iter_rows(named=True)}
    assert (short["700"]["short_volume"], short["700"]["short_turnover"]) == (2_588_200, 1_593_014_240.0)
    assert short["81810"]["short_turnover"] == 8_517_014.0  # the RMB counter's, in CNY
    assert "12" not in short  # suspended: no short selling


def test_a_truncated_page_is_refused() -> None:
    truncated = page().split("Total Shares (SH):")[0]
    with pytest.raises(QuotationsFormatError, match=r"no 'Total Shares \(SH\):' line: the page is cut short"):
        parse_short_selling(truncated)


def test_a_changed_short_selling_header_is_refused() -> None:
    changed = page().replace("(SH)           ($)           (SH)", "(SH)         (HK$)         (SH)")
    with pytest.raises(QuotationsFormatError, match=r"header is not .* its layout changed"):
        parse_short_selling(changed)


def test_a_holiday_page_is_no_trading_and_a_page_of_another_day_is_refused() -> None:
    holiday = HOLIDAY_PAGE.read_text(encoding="latin-1")  # HKEX's own, of 1 Oct 2026
    assert parse_quotations(holiday, date(2026, 10, 1)) == NoTrading(date(2026, 10, 1))
    with pytest.raises(QuotationsFormatError, match="the page is dated 2025-11-21, not 2025-11-24"):
        parse_quotations(page(), date(2025, 11, 24))


# --- Stock Connect ---------------------------------------------------------------------------------


def test_southbound_turnover_per_channel_and_the_top_stocks_are_read_in_hkd() -> None:
    flows, stocks = parse_southbound(payload("hkex/stock-connect/data_tab_daily_20251121e.js"), DAY)
    assert flows.select("channel", "buy_turnover_hkd", "sell_turnover_hkd").rows() == [
        ("Shanghai", 20_884_470_000.0, 24_427_370_000.0),
        ("Shenzhen", 13_927_650_000.0, 16_280_280_000.0),
    ]
    first = stocks.filter(channel="Shanghai", rank=1).row(0, named=True)
    assert (first["code"], first["buy_turnover_hkd"], first["sell_turnover_hkd"]) == (
        "9988",
        1_911_238_400.0,
        3_044_517_900.0,
    )
    assert stocks.height == 20


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tabData = [];", "tabData holds no market"),
        ("", "not a tabData array"),
        ("<html>Page not found</html>", "not a tabData array"),
    ],
)
def test_an_empty_or_foreign_stock_connect_file_is_refused(text: str, message: str) -> None:
    with pytest.raises(StockConnectFormatError, match=message):
        parse_southbound(text.encode(), DAY)


def test_stock_connect_statistics_of_another_day_or_with_changed_columns_are_refused() -> None:
    original = payload("hkex/stock-connect/data_tab_daily_20251121e.js").decode()
    with pytest.raises(StockConnectFormatError, match="dated 2025-11-21, not 2025-11-24"):
        parse_southbound(original.encode(), date(2025, 11, 24))
    renamed = original.replace('"Buy Turnover"', '"Buy"').replace('"Sell Turnover"', '"Sell"')
    with pytest.raises(StockConnectFormatError, match="tradingTable has no Buy Turnover, Sell Turnover column"):
        parse_southbound(renamed.encode(), DAY)


# --- Hang Seng Indexes -----------------------------------------------------------------------------


def snapshot(last_update: str, code: str = "02083.00") -> bytes:
    index = {
        "indexCode": code,
        "indexName": "Hang Seng TECH Index",
        "indexValue": "5395.49",
        "previousClose": "5574.43",
        "todayHigh": "5595.93",
        "todayLow": "5373.99",
        "changeValue": "-178.94",
        "changePercentage": "-3.21",
        "lastUpdate": last_update,
    }
    return json.dumps({"requestDate": last_update, "indexSeriesList": [{"indexList": [index]}]}).encode()


def test_the_hstech_snapshot_after_the_close_is_the_days_close() -> None:
    row = hang_seng.hstech_from_snapshot(snapshot("2025-11-21 16:09:04"), DAY)
    assert row == {"index_code": "HSTECH", "close": 5395.49, "prev_close": 5574.43, "high": 5595.93, "low": 5373.99}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (snapshot("2025-11-20 16:09:04"), "the snapshot is of 2025-11-20, not 2025-11-21"),
        (snapshot("2025-11-21 11:30:00"), "taken at 11:30, before the close"),
        (snapshot("2025-11-21 16:09:04", code="00001.00"), "of index 00001.00, not HSTECH"),
        (b"{}", "an empty JSON document"),
        (b'{"indexSeriesList": []}', r"no indexSeriesList\[0\]"),
    ],
)
def test_a_snapshot_of_another_day_before_the_close_or_empty_is_refused(document: bytes, message: str) -> None:
    with pytest.raises(hang_seng.HangSengFormatError, match=message):
        hang_seng.hstech_from_snapshot(document, DAY)


def test_the_hstech_history_gives_the_close_and_the_previous_one() -> None:
    history = payload("hsi/hstech-history_2025-11-21.json")
    assert hang_seng.hstech_from_history(history, DAY) == {
        "index_code": "HSTECH",
        "close": 5395.49,
        "prev_close": 5574.43,
        "high": None,
        "low": None,
    }
    assert hang_seng.hstech_from_history(history, date(2025, 11, 24)) is None


def test_the_industry_classification_maps_each_constituent_to_its_industry() -> None:
    industries = dict(hang_seng.industry_classification(payload("hsi/industry_2025-11-21.json")).iter_rows())
    assert (industries["700"], industries["5"], industries["1"]) == (
        "Information Technology",
        "Financials",
        "Conglomerates",
    )
    assert "81810" not in industries and "2800" not in industries


def test_an_unknown_industry_index_is_refused() -> None:
    document = json.loads(payload("hsi/industry_2025-11-21.json"))
    document["indexSeriesList"][0]["indexList"][0]["indexName"] = "Hang Seng Composite Industry Index - Space"
    with pytest.raises(hang_seng.HangSengFormatError, match="unknown industry index"):
        hang_seng.industry_classification(json.dumps(document).encode())


def test_the_industry_indexes_snapshot_gives_each_industrys_close_under_hkcloses_codes() -> None:
    levels = hang_seng.industry_indexes_from_snapshot(
        payload("hsi/industry-performance/2025-11-21.json"), DAY, industry_index_codes()
    )
    by_code = {row["index_code"]: row for row in levels.iter_rows(named=True)}
    assert set(by_code) == set(industry_index_codes().values()) and len(by_code) == 12
    technology = by_code["HSCIIT"]
    assert (technology["close"], round((technology["close"] / technology["prev_close"] - 1) * 100, 2)) == (
        13874.61,
        -3.05,
    )


def test_an_industry_snapshot_missing_an_index_or_taken_before_the_close_is_refused() -> None:
    document = json.loads(payload("hsi/industry-performance/2025-11-21.json"))
    document["indexSeriesList"][0]["indexList"].pop()
    with pytest.raises(hang_seng.HangSengFormatError, match="lacks the industry indexes HSCIHC"):
        hang_seng.industry_indexes_from_snapshot(json.dumps(document).encode(), DAY, industry_index_codes())
    document = json.loads(payload("hsi/industry-performance/2025-11-21.json"))
    document["indexSeriesList"][0]["indexList"][0]["lastUpdate"] = "2025-11-21 12:00:00"
    with pytest.raises(hang_seng.HangSengFormatError, match="not after the close of 2025-11-21"):
        hang_seng.industry_indexes_from_snapshot(json.dumps(document).encode(), DAY, industry_index_codes())


def test_an_industry_history_gives_the_close_and_the_previous_one() -> None:
    history = json.dumps(
        {
            "code": "0",
            "data": [
                {
                    "indexCode": "00011.08",
                    "indexName": "Hang Seng Composite Industry Index - Financials",
                    "valueHistory": [
                        {"date": "2025-11-20", "close": "3619.30"},
                        {"date": "2025-11-21", "close": "3561.02"},
                    ],
                }
            ],
        }
    ).encode()
    assert hang_seng.close_from_history(history, "00011.08", "HSCIFN", DAY) == {
        "index_code": "HSCIFN", "close": 3561.02, "prev_close": 3619.30, "high": None, "low": None,
    }  # fmt: skip


def test_the_hsi_constituents_are_read_whether_nested_by_sub_index_or_not() -> None:
    nested = hang_seng.hsi_constituents(payload("hsi/hsi-constituents_2025-11-21.json"))
    assert nested.height == 88 and {"700", "5", "9988", "1810"} <= set(nested["code"])
    assert set(nested["index_code"]) == {"HSI"}
    document = json.loads(payload("hsi/hsi-constituents_2025-11-21.json"))
    flat = document["indexSeriesList"][0]["indexList"][0]
    flat["constituentContent"] = [c for sub in flat.pop("subIndexList") for c in sub["constituentContent"]]
    flat["constituentContent"][0]["isDummy"] = "Y"  # a placeholder Hang Seng lists, not a constituent
    assert hang_seng.hsi_constituents(json.dumps(document).encode()).height == 87


def test_a_constituents_list_of_a_week_long_past_is_never_fetched_for_a_backfill(tmp_path: Path) -> None:
    # Today's list would name a later day's constituents: the day gets none, and nothing is fetched.
    offline = HangSengIndexes(Downloads(tmp_path, offline=True), today=lambda: date(2026, 12, 7))
    assert offline.hsi_constituents(DAY) is None
    kept = HangSengIndexes(Downloads(REPLAY, offline=True), today=lambda: date(2026, 12, 7))
    label, listed = kept.hsi_constituents(DAY)  # the list kept on the day serves it
    assert label == "downloads/hsi/hsi-constituents_2025-11-21.json" and listed.height == 88


# --- HKMA exchange rates, the lists of securities ----------------------------------------------------


def test_the_latest_rate_before_the_day_carries_its_date() -> None:
    # HKMA's genuine records of 28-31 Oct 2025, as known on 21 Nov (published about a month late).
    rates = latest_rates_before(payload("hkma/fx/er-eeri-daily_2025-11-21.json"), DAY)
    assert rates.select("currency", "hkd_per_unit", "rate_date").rows() == [
        ("CNY", 1.09195, date(2025, 10, 31)),
        ("USD", 7.771, date(2025, 10, 31)),
    ]


def test_a_genuine_hkma_answer_with_saturday_records_and_float_noise_is_read_as_published() -> None:
    # HKMA's answer of 30 Mar 2026 (100 records, 28 Oct 2025 to 28 Feb 2026), kept by a public project.
    genuine = (Path(__file__).parent / "fixtures" / "hkma" / "er-eeri-daily_2026-03-30.json").read_bytes()
    assert b'"usd":7.8245000000000005' in genuine and b'"end_of_day":"2026-02-28"' in genuine  # a Saturday
    monday = latest_rates_before(genuine, date(2026, 3, 2))
    assert monday.select("currency", "hkd_per_unit", "rate_date").rows() == [
        ("CNY", 1.14015, date(2026, 2, 28)),
        ("USD", 7.8245, date(2026, 2, 28)),
    ]
    # Before a Saturday record, the Friday's; the 14 Feb 2026 noise (7.817500000000001) rounded too.
    assert latest_rates_before(genuine, date(2026, 2, 16)).filter(currency="USD").row(0)[1:3] == (
        7.8175,
        date(2026, 2, 14),
    )


def test_rates_all_on_or_after_the_day_or_an_error_answer_are_refused() -> None:
    with pytest.raises(HkmaFxFormatError, match="no CNY rate dated before 2025-10-01"):
        latest_rates_before(payload("hkma/fx/er-eeri-daily_2025-11-21.json"), date(2025, 10, 1))
    answer = {
        "header": {"success": False, "err_code": "1001", "err_msg": "Invalid parameter"},
        "result": {"records": []},
    }
    with pytest.raises(HkmaFxFormatError, match="HKMA answered an error"):
        latest_rates_before(json.dumps(answer).encode(), DAY)


def test_the_english_and_chinese_lists_give_names_categories_and_sectors() -> None:
    folder = REPLAY / "hkex" / "securities"
    industries = dict(hang_seng.industry_classification(payload("hsi/industry_2025-11-21.json")).iter_rows())
    listed = {
        r["code"]: r
        for r in read_list_of_securities(folder / "ListOfSecurities_2025-11-21.xlsx", industries).iter_rows(named=True)
    }
    assert (listed["700"]["name"], listed["700"]["sector"], listed["700"]["category"]) == (
        "TENCENT",
        "Information Technology",
        "Equity",
    )
    assert (listed["81810"]["sector"], listed["2800"]["sector"], listed["10435"]["category"]) == (
        "Unclassified",
        "Exchange Traded Funds",
        "Warrant",
    )
    chinese = dict(read_chinese_names(folder / "ListOfSecurities_c_2025-11-21.xlsx").iter_rows())
    assert (chinese["700"], chinese["9988"], chinese["5"]) == ("騰訊控股", "阿里巴巴－Ｗ", "滙豐控股")


# Five genuine copies of HKEX's List of Securities (tests/fixtures/hkex/genuine/README.md): four
# layouts in six years, each read by its headers. (code, name, category, board) of a few rows each.
LISTS = {
    "ListOfSecurities_2025-12-31.xlsx": ("Updated as at 31/12/2025", 18, "BABA-W", "01687", "49757", "08003"),
    "ListOfSecurities_2025-07-11.xlsx": ("Updated as at 11/07/2025", 22, "BABA-W", "01485", "49504", "08001"),
    "ListOfSecurities_2021-12-03.xlsx": ("Updated as at 03/12/2021", 20, "BABA-SW", "00890", "50001", "08001"),
    "ListOfSecurities_2021-10-11.xlsx": ("Updated as at 11/10/2021", 20, "BABA-SW", "00890", "50015", "08001"),
    "ListOfSecurities_2019-12-06.xlsx": ("Updated as at 06/12/2019", 18, "BABA-SW", "00890", "50020", "08001"),
}


@pytest.mark.parametrize("name", list(LISTS))
def test_every_genuine_layout_of_the_list_of_securities_is_read_by_its_headers(name: str) -> None:
    updated, columns, alibaba, debt, cbbc, gem = LISTS[name]
    workbook = openpyxl.load_workbook(GENUINE / name, read_only=True)
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()
    head = list(sheet.iter_rows(max_row=3, values_only=True))
    workbook.close()
    assert head[1][0] == updated and len([c for c in head[2] if c]) == columns
    listed = {
        r["code"]: r
        for r in read_list_of_securities(GENUINE / name, {"700": "Information Technology"}).iter_rows(named=True)
    }
    assert listed["700"] | {"source_row": 0} == {
        "source_row": 0, "code": "700", "name": "TENCENT", "category": "Equity", "board": "MAIN",
        "sector": "Information Technology", "industry": "Information Technology",
    }  # fmt: skip
    assert listed["1"]["source_row"] == 4  # the sheet's row: title, "Updated as at", header, then the data
    assert listed["9988"]["name"] == alibaba and listed["9988"]["sector"] == "Unclassified"  # not in the classification
    assert (listed["2800"]["category"], listed["2800"]["sector"]) == ("ETP", "Exchange Traded Funds")
    assert (listed["823"]["category"], listed["823"]["sector"]) == ("REIT", "REITs")
    assert listed[debt.lstrip("0")]["category"] == "Debt" and listed[cbbc]["category"] == "CBBC"
    assert listed[gem.lstrip("0")]["board"] == "GEM"


def test_a_list_none_of_whose_securities_is_classified_still_meets_the_contract(tmp_path: Path) -> None:
    # A column of nothing but nulls (no industry for any row) once broke the joins after it.
    equities = tmp_path / "ListOfSecurities.csv"
    equities.write_text(
        "Stock Code,Name of Securities,Category,Sub-Category\n00700,TENCENT,Equity,Equity Securities (Main Board)\n"
    )
    master = read_list_of_securities(equities, {})
    assert master.schema["industry"] == pl.String and master.row(0, named=True)["sector"] == "Unclassified"
    traced = master.with_columns(trade_date=pl.lit(DAY), source_file=pl.lit(equities.name))
    clean, problems = validate("securities", traced)
    assert problems == [] and clean["sector"].to_list() == ["Unclassified"]


def test_a_list_of_securities_with_no_security_under_its_header_names_the_file(tmp_path: Path) -> None:
    empty = tmp_path / "ListOfSecurities.csv"
    empty.write_text("Stock Code,Name of Securities,Category,Sub-Category\n")
    with pytest.raises(ListOfSecuritiesError, match=r"ListOfSecurities\.csv: no security under its header"):
        read_list_of_securities(empty)


# --- which kept payload serves a day -----------------------------------------------------------------


def test_each_vintage_rule_picks_the_payload_that_fits_the_day() -> None:
    kept = [date(2025, 11, 3), date(2025, 11, 17), date(2025, 12, 1)]
    today = date(2026, 11, 26)
    # A list: the newest fetched in the week up to the day, else today's (fetched now).
    assert fetch_date_for(kept, date(2025, 11, 21), Vintage.LIST, today) == date(2025, 11, 17)
    assert fetch_date_for(kept, date(2025, 11, 28), Vintage.LIST, today) == today
    # A history: the oldest that reaches the day.
    assert fetch_date_for(kept, date(2025, 11, 21), Vintage.HISTORY, today) == date(2025, 12, 1)
    assert fetch_date_for(kept, date(2025, 12, 2), Vintage.HISTORY, today) == today
    # As known: the newest on or before the day; before every kept one, the oldest later one.
    assert fetch_date_for(kept, date(2025, 11, 21), Vintage.AS_KNOWN, today) == date(2025, 11, 17)
    assert fetch_date_for(kept, date(2025, 10, 1), Vintage.AS_KNOWN, today) == date(2025, 11, 3)
    assert fetch_date_for([], date(2025, 10, 1), Vintage.AS_KNOWN, today) == today
