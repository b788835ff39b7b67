"""The sample week through Dagster, dbt and DuckDB into a temporary warehouse (one run): the seed
day's report holds the seed's figures, and the figures every closing wrap gives."""

import json
import os
import re
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey

from pipelines.definitions import DEFINITIONS
from pipelines.report.loading import load_figures
from pipelines.report.queries import marts_read
from tests.helpers import SAMPLE_DAY, SampleRun

pytestmark = pytest.mark.e2e  # through Dagster into a temporary warehouse (`make test-fast` leaves it out)

SEED_TOP10 = [
    ("Alibaba (9988.HK)", "HKD 147.60", "down 4.65%", "HKD 20.975 billion"),
    ("Xiaomi Group (1810.HK)", "HKD 38.08", "up 1.01%", "HKD 15.807 billion"),
    ("Tencent Holdings (700.HK)", "HKD 610.00", "down 1.77%", "HKD 14.482 billion"),
    ("SMIC (981.HK)", "HKD 68.80", "down 6.39%", "HKD 7.538 billion"),
    ("Meituan (3690.HK)", "HKD 95.55", "down 2.99%", "HKD 4.434 billion"),
    ("Pop Mart (9992.HK)", "HKD 199.30", "down 1.04%", "HKD 3.435 billion"),
    ("CATL (3750.HK)", "HKD 465.00", "down 3.73%", "HKD 3.135 billion"),
    ("BYD Company (1211.HK)", "HKD 92.75", "down 2.57%", "HKD 2.959 billion"),
    ("Hua Hong Semiconductor (1347.HK)", "HKD 73.25", "down 6.09%", "HKD 2.894 billion"),
    ("Ping An Insurance (2318.HK)", "HKD 56.90", "down 2.32%", "HKD 2.749 billion"),
]
SEED_POPULAR = [
    ("China Resources Gas (1193.HK)", "5.21%", "HKD 710 million"),
    ("Sanhua Intelligent Control (2050.HK)", "1.01%", "HKD 1.006 billion"),
    ("Shandong Molong Petroleum Machinery (568.HK)", "6.88%", "HKD 96 million"),
    ("GaoDi Co., Ltd. (2676.HK)", "6.56%", "HKD 13 million"),
    ("Ganfeng Lithium (1772.HK)", "12.47%", "HKD 2.115 billion"),
]
SECTIONS = [
    "Market Overview",
    "Sector Performance",
    "Macroeconomic Background",
    "Popular Stocks",
    "Market Trading Volume TOP10",
]
SECTIONS_ZH = ["市場概覽", "板塊表現", "宏觀經濟背景", "熱門股份", "成交額十大"]


@pytest.fixture(scope="module")
def markdown(sample_run: SampleRun) -> str:
    assert sample_run.success
    return sample_run.report_file("closing_report.md")


@pytest.fixture(scope="module")
def report_json(sample_run: SampleRun) -> dict:
    return json.loads(sample_run.report_file("closing_report.json"))


def section(markdown: str, title: str) -> str:
    return markdown.split(f"## {title}")[1].split("\n## ")[0]


def test_report_has_the_seed_sections_in_the_seed_order(markdown: str) -> None:
    positions = [markdown.index(f"## {title}") for title in SECTIONS]
    assert positions == sorted(positions)


def test_market_overview_states_index_points_levels_ranges_and_breadth(markdown: str) -> None:
    overview = section(markdown, "Market Overview")
    assert "the Hang Seng Index fell 614.92 points, or 2.38%, to 25,222.02, in a range of " in overview
    assert "the Hang Seng China Enterprises Index fell 224.02 points, or 2.45%, to 8,919.78" in overview
    assert "the Hang Seng Tech Index fell 178.94 points, or 3.21%, to 5,395.49" in overview
    assert "423 stocks rose, 1,886 fell and 814 were unchanged" in overview


def test_the_seed_day_compares_with_the_day_before_it_built_in_the_same_run(markdown: str) -> None:
    overview = section(markdown, "Market Overview")
    assert re.search(
        r"Market turnover was HKD [\d.]+ billion, (up|down) [\d.]+% from HKD [\d.]+ billion the day before", overview
    )
    assert re.search(r"turning from net buying of HKD [\d,.]+ (b|m)illion the day before", overview)
    assert re.search(r"Of the Hang Seng Index's 88 constituents, \d+ rose and \d+ fell; .+ gained the most", overview)


def test_top10_by_turnover_matches_the_seed_line_by_line(markdown: str) -> None:
    lines = [line for line in section(markdown, "Market Trading Volume TOP10").splitlines() if line.startswith("- ")]
    assert len(lines) == 10
    for line, (name, close, move, turnover) in zip(lines, SEED_TOP10, strict=True):
        # The seed's line, then the stock's short-selling ratio (marts.short_selling).
        seed_line = f"- {name} closing price {close}, {move}, turnover {turnover}"
        assert re.fullmatch(rf"{re.escape(seed_line)}, short-selling ratio \d+\.\d%", line), line


def test_sectors_are_industries_naming_the_seed_sub_sectors_and_stocks_with_their_moves(markdown: str) -> None:
    paragraphs = [p for p in section(markdown, "Sector Performance").splitlines() if p.startswith("- ")]
    consumer, technology, industrials, across = paragraphs
    assert across.startswith("- Of the industry sectors with at least three companies that traded, ")
    assert consumer.startswith("- The consumer discretionary sector was down ")
    assert "(the median move of its " in consumer
    retail = consumer.split("Within it, ")[1]
    assert retail.startswith("retail stocks were down ")
    assert "Alibaba slid 4.65%, with turnover of HKD 20.975 billion; JD.com fell 2.82% and Miniso fell 2.58%." in retail
    assert technology.startswith("- The information technology sector was down ")
    # Xiaomi's two counters are one company: the hardware sub-sector is two companies, too few for
    # a move of its own, and the RMB counter moves with Xiaomi rather than as a peer.
    assert (
        "Xiaomi Group rose 1.01% against the trend (its RMB counter rose 1.05%), with turnover of HKD 15.807 billion."
    ) in technology
    assert "Lenovo Group edged down 0.41%" in technology and "hardware, storage & peripherals stocks" not in technology
    internet = technology.split("Within it, ")[1]
    assert internet.startswith("internet content & information stocks were down ")
    assert (
        "Tencent Holdings fell 1.77%, with turnover of HKD 14.482 billion; Kuaishou fell 1.46% and Baidu plunged 5.79%."
        in internet
    )
    assert industrials.startswith("- The industrials sector") and "CATL slid 3.73%" in industrials


def test_sector_daily_holds_one_level_and_no_sector_of_fewer_than_three_is_named(sample_run: SampleRun) -> None:
    sectors = dict(sample_run.query("select distinct sector, 1 from marts.sector_daily"))
    industries = {
        "Conglomerates", "Consumer Discretionary", "Consumer Staples", "Energy", "Financials", "Healthcare",
        "Industrials", "Information Technology", "Materials", "Properties & Construction", "Telecommunications",
        "Utilities",
    }  # fmt: skip
    assert set(sectors) <= industries | {"Exchange Traded Funds", "REITs", "Unclassified"}
    assert {"Retail", "Semiconductors", "Industrial Machinery"}.isdisjoint(sectors)
    traded = {
        sector.lower(): count
        for sector, count in sample_run.query(
            "select sector, traded_count from marts.sector_daily where trade_date = ?", [SAMPLE_DAY]
        )
    }
    report = json.loads(sample_run.report_file("closing_report.json"))
    across = report["text"]["en"]["sections"][1]["paragraphs"][-1]
    worst, best = re.fullmatch(
        r"Of the industry sectors with at least three companies that traded, "
        r"(.+) fell the most \(.*\) and (.+) fell the least \(.*",
        across,
    ).groups()
    named = [s["sector"].lower() for s in report["figures"]["featured_sectors"]] + [best, worst]
    assert all(traded[name] >= 3 for name in named), {name: traded[name] for name in named}


def test_editor_notes_are_context_after_the_move_never_its_cause(markdown: str) -> None:
    # The note once read "Miniso fell by 2.58%, as the company launched ...": a cause the seed never gave.
    assert 'Miniso fell 2.58%. On the day, Miniso launched its "IP Genius Plan" to lift brand influence.' in markdown
    assert (
        "with turnover of HKD 15.807 billion. On the day, Xiaomi Group showed new assisted-driving products" in markdown
    )
    assert " as the company " not in markdown


def test_macro_background_shows_the_seed_releases_known_on_the_day(markdown: str) -> None:
    macro = section(markdown, "Macroeconomic Background")
    assert "unemployment rate fell to 3.8% from 3.9%" in macro
    assert "manufacturing PMI held at 50.4" in macro
    assert "M3 money supply grew 4.0% year on year" in macro
    # The October trade figures are released on 2025-11-25, after the report day.
    assert "17.5%" not in macro and "37.0" not in macro


def test_popular_stocks_come_from_the_watchlist_in_order(markdown: str) -> None:
    lines = [line for line in section(markdown, "Popular Stocks").splitlines() if line.startswith("- ")]
    assert len(lines) == 5
    for line, (name, move, turnover) in zip(lines, SEED_POPULAR, strict=True):
        assert line.startswith(f"- {name}") and move in line and f"with turnover of {turnover}" in line
    assert "GaoDi Co., Ltd. (2676.HK) surged 6.56% against the trend" in lines[3]


def test_footer_says_the_figures_beyond_the_published_reports_are_illustrative(markdown: str) -> None:
    assert "every other figure is illustrative" in markdown.rsplit("---", 1)[1]


def test_json_report_carries_every_figure(report_json: dict) -> None:
    figures = report_json["figures"]
    assert report_json["trade_date"] == SAMPLE_DAY.isoformat()
    assert [(i["code"], i["close"], i["change_pct"]) for i in figures["indexes"]] == [
        ("HSI", 25222.02, -2.38),
        ("HSCEI", 8919.78, -2.45),
        ("HSTECH", 5395.49, -3.21),
    ]
    assert {k: figures["breadth"][k] for k in ("advancers", "decliners", "unchanged", "total")} == {
        "advancers": 423,
        "decliners": 1886,
        "unchanged": 814,
        "total": 3123,
    }
    top = figures["turnover_top"]
    assert [s["code"] for s in top] == ["9988", "1810", "700", "981", "3690", "9992", "3750", "1211", "1347", "2318"]
    assert [s["change_pct"] for s in top] == [-4.65, 1.01, -1.77, -6.39, -2.99, -1.04, -3.73, -2.57, -6.09, -2.32]
    assert round(top[0]["turnover_hkd"] / 1e9, 3) == 20.975
    featured = figures["featured_sectors"]
    assert [s["sector"] for s in featured] == ["Consumer Discretionary", "Information Technology", "Industrials"]
    assert [[sub["sub_sector"] for sub in s["sub_sectors"]] for s in featured] == [
        ["Retail"],
        ["Hardware, Storage & Peripherals", "Internet Content & Information"],
        [],  # the sub-sectors named are those of the day's three most traded stocks, none an industrial
    ]
    assert [
        [(leader["code"], leader["change_pct"]) for leader in sub["leaders"]]
        for s in featured
        for sub in s["sub_sectors"]
    ] == [
        [("9988", -4.65), ("9618", -2.82), ("9896", -2.58)],
        [("1810", 1.01), ("992", -0.41)],  # the RMB counter 81810 is Xiaomi's, not a peer
        [("700", -1.77), ("1024", -1.46), ("9888", -5.79)],
    ]
    assert [sub["traded_count"] for s in featured for sub in s["sub_sectors"]] == [3, 2, 3]
    assert featured[1]["sub_sectors"][0]["leaders"][0]["rmb_counter_change_pct"] == 1.05
    macro = {m["indicator"]: m for m in figures["macro"]}
    assert (macro["unemployment_rate"]["value"], macro["pmi"]["value"], macro["m3_yoy"]["value"]) == (3.8, 50.4, 4.0)
    assert all(m["released_on"] <= SAMPLE_DAY.isoformat() for m in figures["macro"])
    assert [s["code"] for s in figures["popular_stocks"]] == ["1193", "2050", "568", "2676", "1772"]
    assert report_json["text"]["en"]["sections"][0]["title"] == "Market Overview"
    assert report_json["text"]["zh-HK"]["sections"][0]["title"] == "市場概覽"


def test_html_report_escapes_and_carries_the_figures(sample_run: SampleRun) -> None:
    html = sample_run.report_file("closing_report.html")
    assert "<h2>Market Trading Volume TOP10</h2>" in html
    assert "25,222.02" in html and "HKD 20.975 billion" in html
    assert "&#34;IP Genius Plan&#34;" in html  # quotes in an editor's note are escaped


def test_marts_answer_sql(sample_run: SampleRun) -> None:
    ranking = sample_run.query(
        "select rank, code, close, change_pct from marts.turnover_ranking where trade_date = ? order by rank",
        [SAMPLE_DAY],
    )
    assert ranking[:3] == [(1, "9988", 147.6, -4.65), (2, "1810", 38.08, 1.01), (3, "700", 610.0, -1.77)]
    assert len(ranking) == 20
    breadth = "select advancers, decliners, unchanged from marts.market_breadth where trade_date = ?"
    assert sample_run.query(breadth, [SAMPLE_DAY]) == [(423, 1886, 814)]


def test_rmb_counter_turnover_is_converted_to_hkd(sample_run: SampleRun) -> None:
    [(currency, turnover, turnover_hkd)] = sample_run.query(
        "select currency, turnover, turnover_hkd from marts.stock_daily where code = '81810' and trade_date = ?",
        [SAMPLE_DAY],
    )
    assert currency == "CNY"
    assert turnover_hkd == pytest.approx(turnover * 1.0949)


def test_the_chinese_report_has_the_same_figures_in_hong_kong_formats(sample_run: SampleRun) -> None:
    markdown = sample_run.report_file("closing_report.zh-HK.md")
    positions = [markdown.index(f"## {title}") for title in SECTIONS_ZH]
    assert positions == sorted(positions)
    assert "423隻股份上升，1,886隻下跌，814隻平收" in markdown
    assert "阿里巴巴－Ｗ（9988.HK）收報147.60港元，跌4.65%，成交額209.75億港元" in markdown
    assert "華潤燃氣（1193.HK）急挫5.21%，成交額7.10億港元" in markdown
    assert "失業率（三個月移動平均，經季節性調整）由3.9%回落至3.8%" in markdown
    assert "恒指跌614.92點或2.38%，收報25,222.02點" in markdown and "國企指數跌224.02點" in markdown
    assert "科指跌178.94點" in markdown and "2025年9月有形貿易逆差為343億港元。" in markdown
    html = sample_run.report_file("closing_report.zh-HK.html")
    assert "華潤燃氣（1193.HK）急挫5.21%，成交額7.10億港元。" in html  # among the popular stocks
    assert "147.60港元  -4.65%" in html  # the top-10 chart's labels
    assert not re.search(r"HKD \d|billion|million", html)
    # The turnover chart in the prose's unit: 億港元, as the top 10 above it.
    (spec,) = re.findall(r'<script type="application/json" id="spec-turnover">(.*?)</script>', html)
    turnover = json.loads(spec)
    assert turnover["layout"]["xaxis"]["title"]["text"] == "億港元"
    assert turnover["data"][0]["x"][-1] == 209.75  # Alibaba's, the most traded, drawn at the top


def test_reports_link_to_each_other_and_ship_plotly_once(sample_run: SampleRun) -> None:
    html = sample_run.report_file("closing_report.html")
    # The days written before and after: 20 Nov, and no next day (24 Nov is not written).
    assert 'href="../2025-11-20/closing_report.html"' in html and "2025-11-24" not in html
    assert 'href="closing_report.zh-HK.html"' in html and 'src="../assets/plotly.min.js"' in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert (sample_run.settings.reports_dir / "assets" / "plotly.min.js").stat().st_size > 1_000_000
    index = (sample_run.settings.reports_dir / "index.html").read_text()
    assert 'href="2025-11-21/closing_report.zh-HK.html"' in index


def test_rises_are_green_and_falls_red_as_hong_kong_colours_them(sample_run: SampleRun) -> None:
    html = sample_run.report_file("closing_report.html")
    assert "--up: #1a7f37; --down: #d1242f;" in html
    bar = r'"name":"(Advancers|Decliners) [\d,]+","x":\[[\d,]+\],"y":\[""\],"marker":\{"color":"(#\w+)"\}'
    bars = dict(re.findall(bar, html))
    assert bars == {"Advancers": "#1a7f37", "Decliners": "#d1242f"}


def test_no_phrase_a_desk_editor_would_strike_in_either_language(sample_run: SampleRun) -> None:
    # Each was in the report of the seed day once, and read as no editor would write it.
    english = sample_run.report_file("closing_report.md")
    for phrase in (
        r"% of it\b", "on a turnover-weighted basis", "Breadth was", "soared", r"fell the most\.", "as the company",
        "most net-bought stock was", r"led \(down", "lagged",
    ):  # fmt: skip
        assert not re.search(phrase, english), phrase
    chinese = sample_run.report_file("closing_report.zh-HK.md")
    for phrase in (
        "成交額最高，",
        "科技業板塊",
        "表現最好（跌",
        "按年變幅由",
        ".00億港元",
        "+0.00%",
        "編輯按",
        "知識產權",
    ):
        assert phrase not in chinese, phrase
    assert "國企指數跌" in chinese and "科指跌" in chinese and "點或" in chinese
    assert "平收" in chinese.split("## 板塊表現（按變幅由高至低）")[1]  # an unchanged leader in the table
    # Every security the Chinese report names, it names in Chinese: no code stands alone.
    assert re.findall(r"(?<![（\d])\d+\.HK", chinese) == []


def local_targets(page: Path) -> list[Path]:
    html = page.read_text(encoding="utf-8")
    targets = re.findall(r'(?:href|src)="([^"#:]+)"', html)
    # As a browser resolves them: against the page's address, the day's folder link not followed.
    return [Path(os.path.normpath(page.parent / target)) for target in targets]


def test_every_local_link_and_image_of_the_week_leads_somewhere(sample_run: SampleRun) -> None:
    reports = sample_run.settings.reports_dir
    pages = [reports / "index.html", *sorted(reports.glob("2025-11-*/closing_report*.html"))]
    assert len(pages) == 1 + 2 * 5
    broken = [
        (page.relative_to(reports), target) for page in pages for target in local_targets(page) if not target.exists()
    ]
    assert broken == []
    first, last = (reports / day / "closing_report.html" for day in ("2025-11-17", "2025-11-21"))
    assert "2025-11-14" not in first.read_text() and "2025-11-24" not in last.read_text()  # days not written
    assert 'href="../2025-11-18/closing_report.html"' in first.read_text()


def test_the_report_reads_exactly_the_marts_it_depends_on(sample_run: SampleRun, tmp_path: Path) -> None:
    # One declaration (report/queries.py) gives both the asset's dependencies and what the loader
    # reads: the graph in the UI has every edge, and a query of a mart outside it fails here.
    graph = DEFINITIONS.resolve_asset_graph()
    parents = graph.get(AssetKey("closing_report")).parent_keys - {AssetKey(["raw", "lake"])}
    assert parents == {AssetKey(["marts", mart]) for mart in marts_read()}
    assert {"capital_flows", "provenance", "short_selling", "southbound_stocks"} <= set(marts_read())

    only_read = tmp_path / sample_run.settings.warehouse_path.name  # the same catalog name
    shutil.copyfile(sample_run.settings.warehouse_path, only_read)
    with duckdb.connect(str(only_read)) as con:
        marts = con.execute(
            "select table_name, table_type from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
        dropped = [name for name, _ in marts if name not in marts_read()]
        for name, kind in marts:
            if name in dropped:
                con.execute(f"drop {'view' if kind == 'VIEW' else 'table'} marts.{name}")
    assert dropped  # the warehouse has marts the report does not read
    days = [date(2025, 11, 17), SAMPLE_DAY]
    with duckdb.connect(str(only_read), read_only=True) as con:
        figures = load_figures(con, days)
    with duckdb.connect(str(sample_run.settings.warehouse_path), read_only=True) as con:
        assert figures == load_figures(con, days)
