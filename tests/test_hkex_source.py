"""HKCLOSE_SOURCE=hkex on recorded payloads: the Daily Quotations page, the List of Securities,
the HKMA and C&SD APIs. No network: httpx answers from a mock transport."""

import gzip
import json
import re
import shutil
import zipfile
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import httpx
import openpyxl
import polars as pl
import pytest

from pipelines.config import SAMPLE_DIR
from pipelines.contract.errors import InvalidDay
from pipelines.contract.validation import validate
from pipelines.sample.published import load_named_stocks
from pipelines.sources.hkex.downloads import Downloads, SourceUnavailable
from pipelines.sources.hkex.highlights import parse_exchange_totals, parse_index_levels
from pipelines.sources.hkex.macro_apis import api_releases
from pipelines.sources.hkex.quotations import NoTrading, QuotationsFormatError, parse_quotations
from pipelines.sources.hkex.securities import ListOfSecuritiesError, read_list_of_securities
from pipelines.sources.hkex.short_selling import parse_short_selling
from pipelines.sources.hkex.source import HONG_KONG, HkexSource
from tests.helpers import SampleRun, materialize_days, warehouse_env

FIXTURES = Path(__file__).parent / "fixtures"
DAY = date(2025, 11, 21)


def page(name: str = "d251121e.htm") -> str:
    return (FIXTURES / "hkex" / name).read_text(encoding="latin-1")


GENUINE = FIXTURES / "hkex" / "genuine"
OCT_2 = date(2018, 10, 2)


def genuine_page() -> str:
    """HKEX's Daily Quotations of 2 Oct 2018: its MARKET HIGHLIGHTS, QUOTATIONS (13,218 securities)
    and SHORT SELLING sections as a public copy kept them, byte for byte, under the page's DATE line
    (README.md there)."""
    quotations = gzip.decompress((GENUINE / "d181002e_quotations.txt.gz").read_bytes()).decode("latin-1")
    return (
        "<pre><font size='1'>\r\nEXCHANGE SQUARE, HONG KONG      TEL: 25221122        DATE: 02 OCT 2018 (TUESDAY)\r\n"
        + (GENUINE / "d181002e_market_highlights.txt").read_bytes().decode("latin-1")
        + quotations
        + '                                  <a name = "sales_all">SALES RECORDS FOR ALL STOCKS</a>\r\n'
        + (GENUINE / "d181002e_short_selling.txt").read_bytes().decode("latin-1")
    )


@pytest.fixture(scope="module")
def genuine_quotes() -> dict[str, dict]:
    return {row["code"]: row for row in parse_quotations(genuine_page(), OCT_2).iter_rows(named=True)}


# --- the Daily Quotations page, as HKEX published it (2 Oct 2018) -----------------------------------


def test_every_record_of_a_genuine_page_is_read_and_the_pages_own_count_agrees(genuine_quotes: dict) -> None:
    assert len(genuine_quotes) == 13_218
    # MARKET HIGHLIGHTS says "Sec. Traded: 6934": the parser checks it against the records read.
    assert sum(1 for row in genuine_quotes.values() if row["volume"] > 0) == 6_934
    assert sum(row["volume"] for row in genuine_quotes.values()) == 232_737_844_011  # "(Shares):" on the page
    statuses = Counter(row["status"] for row in genuine_quotes.values())
    assert statuses == {"TRADING": 12_714, "SUSPENDED": 502, "HALTED": 2}
    assert sum(row["is_top_active"] for row in genuine_quotes.values()) == 20


def test_a_genuine_pages_records_read_with_their_figures(genuine_quotes: dict) -> None:
    assert genuine_quotes["1"] | {"source_row": 0} == {
        "source_row": 0,
        "code": "1",
        "name": "CKH HOLDINGS",
        "currency": "HKD",
        "close": 87.2,
        "prev_close": 90.2,
        "volume": 5_698_073,
        "turnover": 501_637_478.0,
        "high": 90.5,
        "low": 87.0,
        "status": "TRADING",
        "is_top_active": False,
    }
    assert genuine_quotes["5"]["is_top_active"] and genuine_quotes["5"]["close"] == 67.75
    assert genuine_quotes["3"]["name"] == "HK & CHINA GAS"  # escaped on the page, columns shifted
    assert genuine_quotes["28100"]["name"] == "CSTENCT@EC1901M" and genuine_quotes["28100"]["is_top_active"]


def test_halted_and_suspended_markers_are_read_wherever_hkex_puts_them(genuine_quotes: dict) -> None:
    # `#` (suspended or halted from today) sits in column 7, against the code: once, a record
    # starting so vanished without a word.
    assert (genuine_quotes["1629"]["status"], genuine_quotes["1629"]["close"]) == ("HALTED", None)
    assert (genuine_quotes["756"]["status"], genuine_quotes["2211"]["status"]) == ("HALTED", "SUSPENDED")
    assert (genuine_quotes["67"]["status"], genuine_quotes["67"]["volume"]) == ("SUSPENDED", 0)
    # A `#` record that traded before its halt (a CBBC called during the day) keeps its figures.
    assert genuine_quotes["66597"] | {"source_row": 0} == genuine_quotes["66597"] | {
        "source_row": 0, "status": "TRADING", "close": 0.031, "volume": 9_460_000, "turnover": 613_630.0,
    }  # fmt: skip


def test_rows_of_na_and_dashes_are_read_as_not_traded_without_failing_the_day(genuine_quotes: dict) -> None:
    bond = genuine_quotes["890"]  # REP ITALY B2023: N/A - - - on both lines
    assert (bond["close"], bond["prev_close"], bond["volume"], bond["turnover"]) == (None, None, 0, 0.0)
    assert bond["status"] == "TRADING" and bond["currency"] == "USD"
    nominal = genuine_quotes["1160"]  # no trades, no ask or bid: the close repeats the previous one
    assert (nominal["close"], nominal["prev_close"], nominal["high"], nominal["volume"]) == (1.76, 1.76, None, 0)
    traded_bond = genuine_quotes["4203"]  # traded, but HKEX prints no closing price for it
    assert (traded_bond["close"], traded_bond["volume"], traded_bond["turnover"]) == (None, 56_000, 5_721_520.0)
    # Such rows pass the landing contract: one untraded bond once failed the whole day.
    frame = parse_quotations(genuine_page(), OCT_2).filter(pl.col("code").is_in(["890", "4203", "1160"]))
    clean, problems = validate("quotes", frame.drop("name", "is_top_active").with_columns(
        trade_date=pl.lit(OCT_2), source_file=pl.lit("d181002e.htm")
    ))  # fmt: skip
    assert problems == [] and clean.height == 3


def test_a_line_that_begins_like_a_record_and_is_not_read_fails_the_day_naming_it() -> None:
    broken = genuine_page().replace("     1 CKH HOLDINGS     HKD   90.20", "     1 CKH HOLDINGS     HKD   90,2O", 1)
    with pytest.raises(QuotationsFormatError, match=r"line \d+: expected four figures after security 1's currency"):
        parse_quotations(broken, OCT_2)
    shifted = genuine_page().replace("     2 CLP HOLDINGS     HKD", "     2 CLP HOLDINGS    HKD ", 1)
    with pytest.raises(QuotationsFormatError, match=r"line \d+ begins like a security's record but is not one"):
        parse_quotations(shifted, OCT_2)


def test_a_record_lost_from_the_page_is_caught_by_the_pages_own_count() -> None:
    cut = re.sub(r"     2 CLP HOLDINGS [^\n]*\n[^\n]*\n", "", genuine_page(), count=1)  # both its lines
    assert len(cut) < len(genuine_page())
    with pytest.raises(QuotationsFormatError, match=r"Sec\. Traded: 6934, but the QUOTATIONS section holds 6933"):
        parse_quotations(cut, OCT_2)


def test_a_genuine_pages_index_rows_and_totals(genuine_quotes: dict) -> None:
    levels = {
        r["index_code"]: (r["close"], r["prev_close"]) for r in parse_index_levels(genuine_page()).iter_rows(named=True)
    }
    # The HSCEI's name wraps; its figures are on the line below it.
    assert levels == {"HSI": (27126.38, 27788.52), "HSCEI": (10754.56, 11017.87)}
    totals = parse_exchange_totals(genuine_page()).row(0, named=True)
    assert totals | {"source_row": 0} == {
        "source_row": 0, "total_turnover_hkd": 90_980_950_973.0, "advanced": 2586, "declined": 6343, "unchanged": 2544,
    }  # fmt: skip


def test_an_index_figure_printed_as_a_dash_is_read_as_missing() -> None:
    # A day without a morning session prints "-" for the morning close; the close is the afternoon's.
    no_morning = genuine_page().replace("HANG SENG INDEX   27333.71 27126.38", "HANG SENG INDEX          - 27126.38")
    assert parse_index_levels(no_morning).row(0, named=True)["close"] == 27126.38
    # A half day without an afternoon: the close is the morning's, and a rise is printed signed.
    half_day = genuine_page().replace(
        "HANG SENG INDEX   27333.71 27126.38 27788.52   -662.14  -2.383",
        "HANG SENG INDEX   27800.00        - 27788.52    +11.48  +0.041",
    )
    assert parse_index_levels(half_day).row(0, named=True)["close"] == 27800.0


def test_a_genuine_pages_short_selling_table_and_its_own_count() -> None:
    short = parse_short_selling(genuine_page())
    assert short.height == 583  # "Total No. of Securities recording Short Selling : 583"
    assert short.filter(pl.col("code") == "1").row(0, named=True) | {"source_row": 0} == {
        "source_row": 0, "code": "1", "short_volume": 1_308_500, "short_turnover": 115_080_350.0,
    }  # fmt: skip
    assert short.filter(pl.col("code") == "82822")["short_volume"].item() == 86_800  # a % row (traded in CNY)
    cut = genuine_page().replace(
        "      2 CLP HOLDINGS         885,000    80,194,875       5,165,470       468,833,255\r\n", ""
    )
    with pytest.raises(QuotationsFormatError, match="says 583 securities recorded short selling, but 582 rows"):
        parse_short_selling(cut)


def test_a_page_of_another_day_is_refused() -> None:
    with pytest.raises(QuotationsFormatError, match="dated 2018-10-02, not 2018-10-03"):
        parse_quotations(genuine_page(), date(2018, 10, 3))


def test_a_holiday_page_means_no_trading() -> None:
    # HKEX's own page for 1 Oct 2026 (a public holiday), answered with HTTP 200.
    holiday = (GENUINE / "d261001e.htm").read_text(encoding="latin-1")
    assert parse_quotations(holiday, date(2026, 10, 1)) == NoTrading(date(2026, 10, 1))


def test_a_page_that_is_not_daily_quotations_is_refused() -> None:
    with pytest.raises(QuotationsFormatError, match="not a Daily Quotations page"):
        parse_quotations("<html><pre> DATE: 21 NOV 2025 (FRIDAY)</pre></html>", DAY)


def test_the_replay_days_page_is_read_with_a_page_break_inside_a_record() -> None:
    quotes = {r["code"]: r for r in parse_quotations(page(), DAY).iter_rows(named=True)}
    assert list(quotes) == ["1", "3", "700", "1193", "9988", "12", "40", "3053", "81810", "17"]
    baba = quotes["9988"]  # its two lines are on two of the page's <pre> blocks
    assert (baba["prev_close"], baba["close"], baba["turnover"]) == (154.8, 147.6, 20_975_126_285.0)
    assert (quotes["12"]["status"], quotes["17"]["status"]) == ("SUSPENDED", "HALTED")
    assert (quotes["40"]["high"], quotes["40"]["volume"], quotes["40"]["close"]) == (None, 0, 0.53)


# --- downloads ---------------------------------------------------------------------------------


def test_downloads_retry_with_back_off_and_keep_the_payload(tmp_path: Path) -> None:
    answers = [httpx.ConnectError("refused"), httpx.Response(503), httpx.Response(200, content=b"page")]
    calls, sleeps = [], []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    downloads = Downloads(tmp_path, httpx.Client(transport=httpx.MockTransport(handler)), sleep=sleeps.append)
    assert downloads.get("https://example.test/d.htm", "hkex/d.htm") == b"page"
    assert sleeps == [1.0, 2.0] and len(calls) == 3
    assert downloads.get("https://example.test/d.htm", "hkex/d.htm") == b"page"  # replayed from disk
    assert len(calls) == 3 and (tmp_path / "hkex" / "d.htm").read_bytes() == b"page"


def test_a_404_is_no_page_and_a_dead_network_is_a_clear_error(tmp_path: Path) -> None:
    not_found = Downloads(tmp_path, httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(404))))
    assert not_found.get("https://example.test/x", "x") is None

    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Name or service not known")

    offline = Downloads(tmp_path, httpx.Client(transport=httpx.MockTransport(down)), sleep=lambda s: None)
    with pytest.raises(SourceUnavailable, match=r"after 4 attempt\(s\) .* is the network down"):
        offline.get("https://example.test/y", "y")


# --- the List of Securities --------------------------------------------------------------------


def test_the_csv_list_with_bom_and_multiline_header_is_read() -> None:
    master = read_list_of_securities(FIXTURES / "hkex" / "ListOfSecurities.csv")
    rows = {r["code"]: r for r in master.iter_rows(named=True)}
    assert rows["700"]["name"] == "TENCENT" and rows["700"]["category"] == "Equity"
    assert rows["2800"]["category"] == "ETP"


def test_the_xlsx_list_is_read_whole_despite_its_wrong_dimension(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["List of Securities"])
    sheet.append(["Updated as at 21/11/2025"])
    sheet.append(["Stock Code", "Name of Securities", "Category", "Sub-Category", "Board Lot"])
    for code, name in [("00001", "CKH HOLDINGS"), ("00700", "TENCENT"), ("09988", "BABA-SW")]:
        sheet.append([code, name, "Equity", "Equity Securities (Main Board)", "100"])
    workbook.save(tmp_path / "raw.xlsx")
    # As published: the stored dimension claims fewer rows than the sheet holds.
    with (
        zipfile.ZipFile(tmp_path / "raw.xlsx") as source,
        zipfile.ZipFile(tmp_path / "ListOfSecurities.xlsx", "w") as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:E6"/>', b'<dimension ref="A1:E4"/>')
            target.writestr(item, data)
    master = read_list_of_securities(tmp_path / "ListOfSecurities.xlsx")
    assert master["code"].to_list() == ["1", "700", "9988"]


def test_a_list_re_saved_from_a_spreadsheet_is_read_whole_with_the_files_own_row_numbers(tmp_path: Path) -> None:
    # Re-saved: the title rows gone, codes turned into numbers, a blank row, a note under the list.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Stock Code", "Name of Securities", "Category", "Sub-Category"])
    sheet.append([1.0, "CKH HOLDINGS", "Equity", "Equity Securities (Main Board)"])
    sheet.append([])
    sheet.append([700, "TENCENT", "Equity", "Equity Securities (Main Board)"])
    sheet.append(["09988", "BABA-SW", "Equity", "Equity Securities (Main Board)"])
    sheet.append(["Note: the list is as at the close"])
    workbook.save(tmp_path / "ListOfSecurities.xlsx")
    master = read_list_of_securities(tmp_path / "ListOfSecurities.xlsx", {})
    assert master.select("source_row", "code").rows() == [(2, "1"), (4, "700"), (5, "9988")]

    titled = tmp_path / "ListOfSecurities.csv"
    titled.write_text(
        "List of Securities,,,\nUpdated as at 21/11/2025,,,\n"
        '"Stock Code\n(股份代號)",Name of Securities,Category,Sub-Category\n'
        "00700,TENCENT,Equity,Equity Securities (Main Board)\n,,,\n02800,TRACKER FUND,Exchange Traded Products,\n",
        encoding="utf-8-sig",
    )
    master = read_list_of_securities(titled, {})
    assert master.select("source_row", "code", "category").rows() == [(4, "700", "Equity"), (6, "2800", "ETP")]


def test_a_security_whose_code_cannot_be_read_stops_the_read_naming_its_row(tmp_path: Path) -> None:
    listed = tmp_path / "ListOfSecurities.csv"
    listed.write_text(
        "Stock Code,Name of Securities,Category,Sub-Category\n00700,TENCENT,Equity,\n7OO5,TYPO CO,Equity,\n"
    )
    with pytest.raises(ListOfSecuritiesError, match=r"ListOfSecurities\.csv: .*row 3 \('7OO5', 'TYPO CO'\)"):
        read_list_of_securities(listed, {})


# --- macro APIs --------------------------------------------------------------------------------


def recorded_apis(request: httpx.Request) -> httpx.Response:
    """The recorded shapes of the HKMA and C&SD APIs."""
    if "api.hkma.gov.hk" in request.url.host:
        offset, size = int(request.url.params["offset"]), int(request.url.params["pagesize"])
        document = json.loads((FIXTURES / "macro" / "hkma_money_supply_0.json").read_text())
        second = json.loads((FIXTURES / "macro" / "hkma_money_supply_1.json").read_text())
        records = document["result"]["records"] + second["result"]["records"]
        body = {
            "header": document["header"],
            "result": {"datasize": len(records), "records": records[offset : offset + size]},
        }
        return httpx.Response(200, json=body)
    table = request.url.params["id"]
    return httpx.Response(200, content=(FIXTURES / "macro" / f"csd_{table}.json").read_bytes())


def test_macro_releases_come_with_their_rule_based_release_dates(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("pipelines.sources.hkex.macro_apis.HKMA_PAGE_SIZE", 12)  # 21 records: two pages
    downloads = Downloads(tmp_path, httpx.Client(transport=httpx.MockTransport(recorded_apis)))
    releases = api_releases(downloads, date(2025, 11, 24))
    latest = {r["indicator"]: r for r in releases.sort("period").iter_rows(named=True)}
    assert (latest["m3_yoy"]["period"], latest["m3_yoy"]["value"], latest["m3_yoy"]["released_on"]) == (
        "2025-09",
        4.0,
        date(2025, 10, 31),
    )
    assert (latest["unemployment_rate"]["value"], latest["unemployment_rate"]["released_on"]) == (
        3.8,
        date(2025, 11, 18),
    )
    assert (latest["exports_yoy"]["value"], latest["retail_sales_yoy"]["value"]) == (16.1, 5.9)
    assert latest["trade_balance"]["value"] == -34.3
    assert sorted(p.name for p in (tmp_path / "csd" / "2025-11-24").iterdir()) == [
        "210-06101.json",
        "410-50001.json",
        "620-67001.json",
    ]
    assert sorted(p.name for p in (tmp_path / "hkma" / "2025-11-24").iterdir()) == [
        "money_supply_0.json",
        "money_supply_1.json",
    ]


# --- the whole source through Dagster ----------------------------------------------------------


@pytest.fixture()
def hkex_landing(tmp_path: Path) -> Path:
    """A landing folder as a user of HKCLOSE_SOURCE=hkex keeps it, with the payloads downloaded."""
    root = tmp_path / "landing"
    # What else a run fetches (Stock Connect, the Chinese list, the industry classification) as the
    # replay day keeps it; the page is this module's, and the indexes and fx landing files override.
    shutil.copytree(FIXTURES / "replay" / "2025-11-21", root / "downloads")
    shutil.rmtree(root / "downloads" / "hkma")
    shutil.rmtree(root / "downloads" / "csd")
    shutil.copy(FIXTURES / "hkex" / "d251121e.htm", root / "downloads" / "hkex")
    shutil.copy(FIXTURES / "hkex" / "ListOfSecurities.csv", root)
    for kind in ("indexes", "fx"):
        (root / kind).mkdir()
        shutil.copy(SAMPLE_DIR / kind / "2025-11-21.csv", root / kind)
    (root / "macro").mkdir()
    (root / "macro" / "pmi.csv").write_text(
        "indicator,period,value,unit,released_on,source\npmi,2025-09,50.4,index,2025-10-06,HSBC\npmi,2025-10,50.4,index,2025-11-05,HSBC\n"
    )
    downloads = Downloads(root / "downloads", httpx.Client(transport=httpx.MockTransport(recorded_apis)))
    api_releases(downloads, date(2025, 11, 24))  # as a run on 24 Nov would have kept them
    return root


# The Daily Quotations fixture's rows for CKH and for the stocks of the published report carry the
# sample's figures of the day; its other rows (3, 12, 17, 40, 3053) are there for the parser's cases
# (suspended, halted, no trades, N/A) and the sample reconstructs those securities otherwise.
SAMPLE_FIGURES = ["1", "700", "1193", "9988", "81810"]
# What a security did that day. Not `open`: the Daily Quotations page prints no opening price.
STOCK_FIGURES = (
    "trade_date, code, currency, high, low, close, prev_close, change, change_pct, change_pct_exact,"
    " volume, turnover, hkd_per_unit, turnover_hkd, status, is_suspended, note"
)
# What a security is, from HKEX's List of Securities or from the sample's securities.csv.
# (Not the Chinese name and the sector: HKEX's Chinese list and Hang Seng's classification give them here.)
STOCK_REFERENCE = "code, short_name, category, board, is_in_breadth_universe"
STOCK_IN_REPORT = "code, currency, close, change_pct, turnover_hkd"
# The macro figures as released. Not released_on, prior_value and prior_released_on: the APIs date
# releases by their publishers' rules and serve revised prior figures (M3 for August: 3.5, not the
# 3.6 first released), where the sample keeps its reconstruction of them.
MACRO_FIGURES = "trade_date, indicator, label, label_zh, display_order, period, value, unit, published_by, prior_period"


def rows(
    run: SampleRun, mart: str, columns: str = "*", codes: list[str] | None = None, order: str = "all"
) -> list[tuple]:
    """A mart's rows of the day, of the given securities only if codes are given."""
    sql, params = f"select {columns} from marts.{mart} where trade_date = ?", [DAY]
    if codes is not None:
        sql, params = f"{sql} and list_contains(?, code)", [DAY, codes]
    return run.query(f"{sql} order by {order}", params)


@pytest.mark.e2e
def test_the_hkex_source_builds_the_same_marts_and_report(
    hkex_landing: Path, tmp_path: Path, monkeypatch, sample_run: SampleRun
) -> None:
    settings = warehouse_env(monkeypatch, tmp_path / "wh", source="hkex")
    monkeypatch.setenv("HKCLOSE_LANDING_DIR", str(hkex_landing))
    assert materialize_days(partition_key="2025-11-21").success
    markdown = (settings.reports_dir / "2025-11-21" / "closing_report.md").read_text()
    assert "BABA-SW (9988.HK) closing price HKD 147.60, down 4.65%, turnover HKD 20.975 billion" in markdown
    assert "the Hang Seng Index fell 614.92 points, or 2.38%, to 25,222.02" in markdown
    assert "unemployment rate fell to 3.8% from 3.9%" in markdown and "M3 money supply grew 4.0%" in markdown
    assert "manufacturing PMI held at 50.4" in markdown
    assert "HKEX Daily Quotations" in markdown.rsplit("---", 1)[1]

    # Against the same day from the sample source, also built through Dagster (tests/conftest.py).
    assert sample_run.success
    hkex = SampleRun(settings, success=True)  # the same helpers, on the hkex warehouse

    # Index levels come from the same landing file: index_daily's levels and moves are the same, row
    # for row (the sample's week gives its streaks; the replayed downloads keep the HSI's list of the day).
    levels = "index_code, open, high, low, close, prev_close, change_points, change_pct"
    assert len(rows(hkex, "index_daily")) == 3
    assert rows(hkex, "index_daily", levels) == rows(sample_run, "index_daily", levels)
    assert rows(hkex, "index_daily", "index_code, constituent_count") == [
        ("HSCEI", None),
        ("HSI", 88),
        ("HSTECH", None),
    ]

    # stock_daily: the figures of the securities whose page rows are the sample's, row for row.
    assert len(rows(hkex, "stock_daily", STOCK_FIGURES, SAMPLE_FIGURES)) == len(SAMPLE_FIGURES)
    assert rows(hkex, "stock_daily", STOCK_FIGURES, SAMPLE_FIGURES) == rows(
        sample_run, "stock_daily", STOCK_FIGURES, SAMPLE_FIGURES
    )
    assert {open_ for (open_,) in rows(hkex, "stock_daily", "open")} == {None}
    # What the securities are: the same but for the stocks the sample names, which carry readable
    # and Chinese names and the report's sectors (HKEX's list has TENCENT, BABA-SW and no Chinese
    # names; the fixture's list has no 81810, kept as Unclassified, outside the breadth universe).
    # HKEX's short name is the same where the sample gives a blue chip its proper name (CK Hutchison).
    named = set(load_named_stocks()["code"])
    listed = [code for (code,) in rows(hkex, "stock_daily", "code") if code not in named]
    assert listed == ["1", "12", "17", "3", "3053", "40"]
    assert rows(hkex, "stock_daily", STOCK_REFERENCE, listed) == rows(
        sample_run, "stock_daily", STOCK_REFERENCE, listed
    )
    # Advanced, declined or unchanged: the same wherever both sources count the stock in breadth.
    in_breadth = [code for (code, counted) in rows(hkex, "stock_daily", "code, is_in_breadth_universe") if counted]
    both = [code for code in in_breadth if code in SAMPLE_FIGURES]
    assert both == ["1", "1193", "700", "9988"]
    assert rows(hkex, "stock_daily", "code, movement", both) == rows(sample_run, "stock_daily", "code, movement", both)

    # turnover_ranking: the page's securities rank as they do in the sample's whole market, and the
    # most traded stock of the day is the same, with the same figures (names and sectors aside).
    ranking = [row for row in rows(hkex, "turnover_ranking", STOCK_IN_REPORT, order="rank") if row[0] in SAMPLE_FIGURES]
    by_turnover = rows(sample_run, "stock_daily", STOCK_IN_REPORT, SAMPLE_FIGURES, order="turnover_hkd desc")
    assert [code for code, *_ in by_turnover] == ["9988", "700", "1193", "1", "81810"]
    assert ranking == by_turnover
    hkex_top, sample_top = (
        rows(run, "turnover_ranking", f"rank, {STOCK_IN_REPORT}", order="rank")[0] for run in (hkex, sample_run)
    )
    assert hkex_top == sample_top == (1, "9988", "HKD", 147.6, -4.65, 20975126285.0)

    # market_breadth counts the sample's whole market but only the page's securities from HKEX: not
    # comparable. It counts what the page gives: 3053 up, 40 unchanged, 12 suspended and 17 halted.
    breadth = "advancers, decliners, unchanged, total, suspended"
    assert rows(hkex, "market_breadth", breadth) == [(1, 5, 1, 7, 2)]

    assert len(rows(hkex, "macro_latest", MACRO_FIGURES)) == 6
    assert rows(hkex, "macro_latest", MACRO_FIGURES) == rows(sample_run, "macro_latest", MACRO_FIGURES)

    # The report: the same index figures and the same words on them, the same macro figures and
    # rules, and each stock it names with the figures of the sample's day. The provenance in the
    # footer names each source (checked above); the rest of the text follows the marts that differ.
    hkex_report, sample_report = (json.loads(run.report_file("closing_report.json")) for run in (hkex, sample_run))
    # (The constituents' moves and the streaks differ: seven securities on the page against the
    # sample's whole market, one day against the sample's week.)
    levels = ("code", "close", "prev_close", "change_points", "change_pct", "open", "high", "low")
    assert [{k: i[k] for k in levels} for i in hkex_report["figures"]["indexes"]] == [
        {k: i[k] for k in levels} for i in sample_report["figures"]["indexes"]
    ]
    for language, end in (("en", ". "), ("zh-HK", "。")):
        overview = [report["text"][language]["sections"][0] for report in (hkex_report, sample_report)]
        assert overview[0]["paragraphs"][0].split(end)[0] == overview[1]["paragraphs"][0].split(end)[0]
    assert hkex_report["rules"] == sample_report["rules"]

    def as_released(report: dict) -> list[dict]:
        return [
            {k: v for k, v in m.items() if k not in ("released_on", "prior_value", "is_revised_possible")}
            for m in report["figures"]["macro"]
        ]

    assert as_released(hkex_report) == as_released(sample_report)
    figures = hkex_report["figures"]
    stocks_in_report = [
        *figures["turnover_top"],
        *figures["popular_stocks"],
        *figures["notable_gainers"],
        *figures["notable_losers"],
        *(leader for sector in figures["all_sectors"] for leader in sector["leaders"]),
    ]
    in_report = [tuple(stock[k] for k in STOCK_IN_REPORT.split(", ")) for stock in stocks_in_report]
    # Each of those securities is named at least once, every time with the sample's figures.
    assert {stock for stock in in_report if stock[0] in SAMPLE_FIGURES} == set(by_turnover)


def test_a_day_hkex_did_not_trade_names_the_fix(hkex_landing: Path) -> None:
    shutil.copy(GENUINE / "d261001e.htm", hkex_landing / "downloads" / "hkex" / "d251124e.htm")
    (hkex_landing / "indexes" / "2025-11-24.csv").write_text("index_code,close\nHSI,25000\n")
    with pytest.raises(InvalidDay, match=r"no trading on this day.*calendar_overrides\.csv"):
        HkexSource(hkex_landing).read_day(date(2025, 11, 24))


# --- published, or not yet ---------------------------------------------------------------------

QUOTATIONS = "https://www.hkex.com.hk/eng/stat/smstat/dayquot/d251121e.htm"
STOCK_CONNECT = "https://www.hkex.com.hk/eng/csm/DailyStat/data_tab_daily_20251121e.js"


def hkex_answering(landing: Path, answers: dict[str, int], on: datetime) -> tuple[HkexSource, list[str]]:
    """The hkex source on `on`, HKEX answering each URL with its status (200 with the recorded
    payload), and the list of URLs it was asked."""
    asked = []

    def answer(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        asked.append(url)
        status = answers.get(url, 404)
        name = "d251121e.htm" if url == QUOTATIONS else "stock-connect/data_tab_daily_20251121e.js"
        return httpx.Response(
            status, content=(FIXTURES / "replay" / "2025-11-21" / "hkex" / name).read_bytes() if status == 200 else b""
        )

    downloads = Downloads(
        landing / "downloads", httpx.Client(transport=httpx.MockTransport(answer)), sleep=lambda s: None
    )
    return HkexSource(landing, downloads, now=lambda: on), asked


def test_what_a_day_waits_for_names_each_url_not_yet_published_and_keeps_what_is_out(hkex_landing: Path) -> None:
    kept = hkex_landing / "downloads" / "hkex"
    (kept / "d251121e.htm").unlink()
    (kept / "stock-connect" / "data_tab_daily_20251121e.js").unlink()
    at_1645 = datetime(2025, 11, 21, 16, 45, tzinfo=HONG_KONG)
    source, asked = hkex_answering(hkex_landing, {STOCK_CONNECT: 200}, at_1645)
    assert source.waiting_for(DAY) == [
        f"the Daily Quotations of 2025-11-21: {QUOTATIONS} answers 404 (not published yet)"
    ]
    assert asked == [QUOTATIONS, STOCK_CONNECT]  # one attempt each: the sensor asks again a minute later
    assert (kept / "stock-connect" / "data_tab_daily_20251121e.js").exists()  # kept: the run reads it from disk
    assert not (kept / "d251121e.htm").exists()  # a 404 is never kept

    source, asked = hkex_answering(hkex_landing, {QUOTATIONS: 200}, at_1645)
    assert source.waiting_for(DAY) == [] and asked == [QUOTATIONS]
    # A landing file standing in for what the page gives: the page is not waited for.
    (kept / "d251121e.htm").unlink()
    for kind in ("quotes", "indexes", "exchange_totals", "short_selling"):
        (hkex_landing / kind).mkdir(exist_ok=True)
        (hkex_landing / kind / "2025-11-21.csv").write_text("code\n")
    assert hkex_answering(hkex_landing, {}, at_1645)[0].waiting_for(DAY) == []


def test_inside_a_run_a_page_not_yet_published_fails_the_day_at_once_naming_its_url(hkex_landing: Path) -> None:
    # The run used to sleep, holding the warehouse's writer, until 18:00.
    (hkex_landing / "downloads" / "hkex" / "d251121e.htm").unlink()
    source, asked = hkex_answering(hkex_landing, {}, datetime(2025, 11, 21, 16, 45, tzinfo=HONG_KONG))
    with pytest.raises(InvalidDay, match=rf"has not published the Daily Quotations of 2025-11-21 yet: {QUOTATIONS}"):
        source.read_day(DAY)
    assert asked == [QUOTATIONS]
    # A day long past: HKEX keeps about a month of pages online.
    source, _ = hkex_answering(hkex_landing, {}, datetime(2026, 3, 2, 9, 0, tzinfo=HONG_KONG))
    with pytest.raises(InvalidDay, match=r"answers 404: HKEX keeps its Daily Quotations online for about a month"):
        source.read_day(DAY)
