"""One real-shaped day, replayed offline: `hkclose report 2025-11-21 --source hkex --replay
tests/fixtures/replay/2025-11-21` builds the day through Dagster from the publishers' payloads,
with an empty landing folder and no network, and the report carries every section."""

import shutil
from datetime import date, datetime
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.contract.errors import InvalidDay
from pipelines.sources.hkex.downloads import Downloads
from pipelines.sources.hkex.source import HONG_KONG, HkexSource
from tests.helpers import SampleRun, english_outside_names, warehouse_env

pytestmark = pytest.mark.e2e  # through Dagster into a temporary warehouse (`make test-fast` leaves it out)

REPLAY = Path(__file__).parent / "fixtures" / "replay" / "2025-11-21"
DAY = date(2025, 11, 21)
runner = CliRunner()


@pytest.fixture(scope="module")
def replayed(tmp_path_factory: pytest.TempPathFactory) -> SampleRun:
    root = tmp_path_factory.mktemp("replay")
    with pytest.MonkeyPatch.context() as monkeypatch:
        settings = warehouse_env(monkeypatch, root, source="hkex")
        settings.landing_dir.mkdir()  # empty: nothing made by hand
        monkeypatch.delenv("DAGSTER_HOME", raising=False)
        monkeypatch.setenv("HKCLOSE_REPLAY_DIR", str(REPLAY))  # as the command sets it; undone after
        result = runner.invoke(app, ["report", "2025-11-21", "--source", "hkex", "--replay", str(REPLAY)])
        assert result.exit_code == 0, result.output
    assert not any(settings.landing_dir.iterdir())  # and nothing was downloaded into it
    return SampleRun(settings, success=True)


def test_the_replayed_day_fills_the_new_marts(replayed: SampleRun) -> None:
    assert replayed.query(
        "select channel, buy_turnover_hkd, sell_turnover_hkd, net_buy_hkd, most_bought_code, most_sold_code "
        "from marts.capital_flows order by channel"
    ) == [
        ("Shanghai", 20_884_470_000.0, 24_427_370_000.0, -3_542_900_000.0, "1810", "9988"),
        ("Shenzhen", 13_927_650_000.0, 16_280_280_000.0, -2_352_630_000.0, "1810", "9988"),
    ]
    tencent = replayed.query(
        "select short_shares, short_turnover_hkd, round(short_ratio, 4) from marts.short_selling where code = '700'"
    )
    assert tencent == [(2_588_200, 1_593_014_240.0, 0.11)]
    # The RMB counter's short selling converts at the rate of 31 Oct, the latest HKMA had published.
    (xiaomi_r,) = replayed.query("select short_turnover_hkd from marts.short_selling where code = '81810'")
    assert xiaomi_r[0] == pytest.approx(8_517_014 * 1.09195)  # HKMA's CNY rate of that day, as published
    assert replayed.query("select distinct fx_rate_date from marts.stock_daily where currency = 'CNY'") == [
        (date(2025, 10, 31),)
    ]
    breadth = replayed.query(
        "select turnover_hkd, exchange_turnover_hkd, advancers, exchange_advanced, differs_from_exchange "
        "from marts.market_breadth"
    )
    # Ours converts the RMB counter's turnover at HKMA's rate, the page's total at HKEX's own.
    assert breadth == [(pytest.approx(105_313_715_824, rel=1e-6), 105_313_715_824.0, 2, 2, False)]
    overview = "select index_code, close, prev_close from marts.index_daily where measures_sector is null order by 1"
    assert replayed.query(overview) == [
        ("HSCEI", 8919.78, 9143.80),
        ("HSI", 25222.02, 25836.94),
        ("HSTECH", 5395.49, 5574.43),
    ]
    # Each industry's move is its published Hang Seng Composite Industry Index's (the snapshot kept).
    assert replayed.query(
        "select sector, change_pct, change_measure, published_index_code from marts.sector_daily"
        " where sector in ('Information Technology', 'Exchange Traded Funds') order by 1"
    ) == [
        ("Exchange Traded Funds", pytest.approx(replayed.query(
            "select median(change_pct_exact) from marts.stock_daily where sector = 'Exchange Traded Funds'"
            " and turnover_hkd > 0 and movement is not null")[0][0], abs=0.005), "median", None),
        ("Information Technology", -3.05, "published_index", "HSCIIT"),
    ]  # fmt: skip
    constituents = "select constituent_count from marts.index_daily where index_code = 'HSI'"
    assert replayed.query(constituents) == [(88,)]  # Hang Seng Indexes' list, kept on the day
    assert replayed.query("select sector, name_zh from marts.stock_daily where code = '700'") == [
        ("Information Technology", "騰訊控股")
    ]
    assert replayed.query("select count(*) from marts.provenance where is_override") == [(0,)]


def test_the_replayed_report_shows_every_section_from_published_data(replayed: SampleRun) -> None:
    english = replayed.report_file("closing_report.md")
    assert "the Hang Seng Tech Index fell 178.94 points, or 3.21%, to 5,395.49" in english
    assert "Southbound investors were net sellers of HKD 5.896 billion through Stock Connect" in english
    assert "Short selling came to HKD 13.911 billion, 13.2% of market turnover." in english
    assert (
        "TENCENT (700.HK) closing price HKD 610.00, down 1.77%, turnover HKD 14.482 billion, short-selling ratio 11.0%"
        in english
    )
    # The published classification's sector, with its published index's move.
    assert "The information technology sector was down 3.05% (its Hang Seng Composite Industry Index)" in english
    assert "CNY at the rate of October 31" in english
    assert "No figure was available for: Manufacturing PMI." in english  # no PMI file
    assert "HKEX's own totals differ" not in english
    chinese = replayed.report_file("closing_report.zh-HK.md")
    assert "騰訊控股（700.HK）收報610.00港元" in chinese
    assert "南向資金經港股通淨賣出58.96億港元" in chinese and "資訊科技板塊下跌3.05%（按恒生綜合行業指數計）" in chinese


@pytest.mark.parametrize("run", ["replayed", "sample_run"])
def test_no_english_reaches_the_chinese_report_not_even_a_name(run: str, request) -> None:
    """A stock without a Chinese name is called by its code (2039.HK), never by its English name."""
    built: SampleRun = request.getfixturevalue(run)
    assert english_outside_names(built.report_file("closing_report.zh-HK.md"), set()) == []


# --- the source on its own: overrides, a missing payload, the day itself ----------------------------


def replay_source(landing: Path, downloads: Path, **kwargs) -> HkexSource:
    return HkexSource(landing, Downloads(downloads, offline=True), **kwargs)


def test_a_landing_file_overrides_the_fetched_kind_and_is_marked(tmp_path: Path) -> None:
    (tmp_path / "indexes").mkdir(parents=True)
    (tmp_path / "indexes" / "2025-11-21.csv").write_text("index_code,close,prev_close\nHSI,25222.02,25836.94\n")
    delivered = replay_source(tmp_path, REPLAY).read_day(DAY)
    assert delivered["indexes"].is_override and delivered["indexes"].file == "indexes/2025-11-21.csv"
    assert delivered["indexes"].frame["index_code"].to_list() == ["HSI"]
    assert not delivered["quotes"].is_override and delivered["quotes"].file == "downloads/hkex/d251121e.htm"


def test_a_payload_missing_from_the_replay_names_its_url_and_the_fix(tmp_path: Path) -> None:
    replay = tmp_path / "replay"
    shutil.copytree(REPLAY, replay)
    (replay / "hkex" / "stock-connect" / "data_tab_daily_20251121e.js").unlink()
    with pytest.raises(
        InvalidDay, match=r"replaying .* without the network, and it holds no .*data_tab_daily_20251121e\.js"
    ) as e:
        replay_source(tmp_path / "landing", replay).read_day(DAY)
    assert "https://www.hkex.com.hk/eng/csm/DailyStat/data_tab_daily_20251121e.js" in str(e.value)


def test_a_hstech_snapshot_taken_on_the_day_after_the_close_is_kept_for_it(tmp_path: Path) -> None:
    snapshot = (
        b'{"indexSeriesList": [{"indexList": [{"indexCode": "02083.00", "indexValue": "5395.49",'
        b' "previousClose": "5574.43", "todayHigh": "5595.93", "todayLow": "5373.99",'
        b' "lastUpdate": "2025-11-21 16:09:04"}]}]}'
    )
    downloads = tmp_path / "downloads"
    shutil.copytree(REPLAY, downloads)
    (downloads / "hsi" / "hstech-history_2025-11-21.json").unlink()  # the history is not used on the day itself

    def hsi(request: httpx.Request) -> httpx.Response:
        assert request.url.path.endswith("/hstech/performance.do")
        return httpx.Response(200, content=snapshot)

    source = HkexSource(
        tmp_path / "landing",
        Downloads(downloads, httpx.Client(transport=httpx.MockTransport(hsi))),
        now=lambda: datetime(2025, 11, 21, 16, 30, tzinfo=HONG_KONG),
    )
    hstech = source.read_day(DAY)["indexes"].frame.filter(index_code="HSTECH").row(0, named=True)
    assert (hstech["close"], hstech["prev_close"], hstech["high"]) == (5395.49, 5574.43, 5595.93)
    assert (downloads / "hsi" / "hstech" / "2025-11-21.json").read_bytes() == snapshot


def test_macro_is_taken_as_known_on_the_day_and_a_later_snapshot_is_marked(tmp_path: Path) -> None:
    downloads = tmp_path / "downloads"
    shutil.copytree(REPLAY, downloads)
    on_the_day = replay_source(tmp_path / "landing", downloads).read_day(DAY)["macro"].frame
    assert set(on_the_day["is_revised_possible"]) == {"false"}
    # A backfill of a day before every kept snapshot takes the oldest later one, marked.
    shutil.copytree(downloads / "hkma" / "2025-11-21", downloads / "hkma" / "2025-12-01")
    shutil.copytree(downloads / "csd" / "2025-11-21", downloads / "csd" / "2025-12-01")
    shutil.rmtree(downloads / "hkma" / "2025-11-21")
    source = replay_source(tmp_path / "landing", downloads)
    assert source._snapshot_for(DAY) == date(2025, 12, 1)
    assert set(source._macro(DAY, None).frame["is_revised_possible"]) == {"true"}
