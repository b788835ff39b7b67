"""The HTML reports in a real browser (headless Chromium): charts drawn, nothing overflowing,
vendor text shown as text. Outside CI these tests are skipped, saying why, where Chromium, its
driver or selenium is missing (`make test` installs Debian's chromium and chromium-driver where it
can); under CI (CI=true) a missing browser fails them, so a green run has really drawn the charts."""

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import SampleRun, built_once, materialize_days, warehouse_env

pytestmark = pytest.mark.browser

try:
    from selenium import webdriver
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # told by the browser fixture: a skip here, a failure under CI
    webdriver = WebDriverWait = None

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
IN_CI = os.environ.get("CI", "").lower() == "true"
MISSING = [
    what
    for what, present in [
        ("selenium (pip)", webdriver),
        ("chromium on PATH (Debian package chromium)", CHROMIUM),
        ("chromedriver on PATH (Debian package chromium-driver)", CHROMEDRIVER),
    ]
    if not present
]
# The flags a closed network needs: no background connections, no first-run work.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1200,2400",
]

CHART_SIZES = """
return Array.from(document.querySelectorAll('.chart')).map(function (chart) {
  var svg = chart.querySelector('svg.main-svg'); var box = svg ? svg.getBoundingClientRect() : null;
  return [chart.id, svg ? svg.querySelectorAll('path, rect').length : 0, box ? box.width : 0, box ? box.height : 0];
});"""
# Each chart's trace marks as plotly.js draws them: a bar trace is a `g.trace.bars` holding one
# `g.point` per bar, its `path` the bar (background, axes and gridlines are elsewhere in the SVG).
# Per chart, per trace, per bar: the bar's drawn [width, height] in pixels.
BAR_MARKS = """
var marks = {};
document.querySelectorAll('.chart').forEach(function (chart) {
  marks[chart.id] = Array.from(chart.querySelectorAll('g.trace.bars')).map(function (trace) {
    return Array.from(trace.querySelectorAll('g.point')).map(function (point) {
      var path = point.querySelector('path'); var box = path ? path.getBBox() : null;
      return box ? [box.width, box.height] : [0, 0];
    });
  });
});
return marks;"""
OVERFLOWING = """
return Array.from(document.querySelectorAll('.card, .card *')).filter(function (element) {
  return element.scrollWidth > element.clientWidth + 1 || element.getBoundingClientRect().right >
         element.closest('.card').getBoundingClientRect().right + 1;
}).map(function (element) { return element.className + ': ' + element.textContent.trim(); });"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if MISSING:
        message = "no browser to test the HTML reports in: missing " + ", ".join(MISSING)
        if IN_CI:
            pytest.fail(message + " (CI=true: under CI the browser tests must run, not skip)")
        pytest.skip(message)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium')}")
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    yield driver
    driver.quit()


def open_report(browser, path: Path) -> None:
    browser.get(path.as_uri())
    WebDriverWait(browser, 20).until(
        lambda b: b.execute_script(
            "var charts = document.querySelectorAll('.chart');"
            "return charts.length > 0 && Array.from(charts).every(c => c.querySelector('svg.main-svg'));"
        )
    )


def expected_bars(figures: dict) -> dict[str, list[list[float]]]:
    """Per chart, per trace, the value of each bar, in the order pipelines/report/charts.py draws them:
    breadth one stacked trace each for advancers, unchanged and decliners; one trace of every sector,
    worst first; one trace of the ten most traded stocks, least first."""
    breadth = figures["breadth"]
    return {
        "breadth-chart": [[breadth["advancers"]], [breadth["unchanged"]], [breadth["decliners"]]],
        "sector-chart": [[s["change_pct"] for s in reversed(figures["all_sectors"])]],
        "turnover-chart": [[s["turnover_hkd"] for s in reversed(figures["turnover_top"])]],
    }


@pytest.mark.parametrize("name", ["closing_report.html", "closing_report.zh-HK.html"])
def test_charts_are_drawn_and_no_text_overflows_its_card(
    browser, sample_run: SampleRun, name: str, tmp_path: Path
) -> None:
    figures = json.loads(sample_run.report_file("closing_report.json"))["figures"]
    report = sample_run.settings.reports_dir / "2025-11-21" / name
    open_report(browser, report)
    charts = browser.execute_script(CHART_SIZES)
    assert [c[0] for c in charts] == ["breadth-chart", "sector-chart", "turnover-chart"]
    for chart_id, shapes, width, height in charts:
        assert shapes > 3 and width > 300 and height > 50, chart_id

    # Drawn: one bar per figure, each trace as charts.py builds it, every bar of a non-zero figure
    # painted (a bar of zero has no length to paint); the sectors are those the day's JSON lists.
    marks = browser.execute_script(BAR_MARKS)
    assert {chart: [len(trace) for trace in traces] for chart, traces in marks.items()} == {
        "breadth-chart": [1, 1, 1],
        "sector-chart": [len(figures["all_sectors"])],
        "turnover-chart": [10],
    }
    assert len(figures["all_sectors"]) > 1
    for chart, traces in expected_bars(figures).items():
        for values, bars in zip(traces, marks[chart], strict=True):
            for value, (width, height) in zip(values, bars, strict=True):
                assert height > 1 and (width > 1 or value == 0), (chart, value, width, height)

    assert browser.execute_script(OVERFLOWING) == []
    assert browser.execute_script("return document.querySelectorAll('.index-card').length") == 3
    screenshot = tmp_path / name.replace(".html", ".png")
    browser.save_screenshot(str(screenshot))
    assert screenshot.stat().st_size > 50_000


def test_the_index_lists_every_day_with_both_languages(browser, sample_run: SampleRun) -> None:
    browser.get((sample_run.settings.reports_dir / "index.html").as_uri())
    links = browser.execute_script(
        "return Array.from(document.querySelectorAll('li a')).map(a => a.getAttribute('href'))"
    )
    assert links == [
        f"2025-11-{day}/closing_report{language}.html" for day in (21, 20, 19, 18, 17) for language in ("", ".zh-HK")
    ]
    assert "5 trading days, newest first. · 共5個交易日，由最新一日起排列。" in browser.execute_script(
        "return document.body.innerText"
    )


# --- the page a reader opens, on a phone and on a laptop --------------------------------------------

PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
# What a reader would see broken: the page scrolling sideways, a chart's text beyond its chart or
# over another text of it, a table cell many lines tall (a Chinese name one character a line).
LAYOUT = """
var page = {scroll: document.documentElement.scrollWidth, width: window.innerWidth, height: window.innerHeight};
var charts = Array.from(document.querySelectorAll('.chart')).map(function (chart) {
  var box = chart.getBoundingClientRect();
  var texts = Array.from(chart.querySelectorAll('svg text')).filter(function (t) {
    var r = t.getBoundingClientRect(); return t.textContent.trim() && r.width > 0;
  }).map(function (t) { var r = t.getBoundingClientRect();
    return {text: t.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
            size: parseFloat(getComputedStyle(t).fontSize)}; });
  return {id: chart.id, left: box.left, right: box.right, texts: texts};
});
var cells = Array.from(document.querySelectorAll('td, .leader')).map(function (td) {
  var range = document.createRange(); range.selectNodeContents(td);  // the text's height, not the row's
  return [td.textContent.trim(), td.className, range.getBoundingClientRect().height,
          parseFloat(getComputedStyle(td).lineHeight) || 20];
});
var cards = document.querySelectorAll('.index-card');
var prose = document.querySelector('#overview ul.prose');
var hidden = Array.from(document.querySelectorAll('.scroll')).filter(function (box) {
  return box.scrollWidth > box.clientWidth + 1; }).map(function (box) { return box.textContent.slice(0, 40); });
return {page: page, charts: charts, cells: cells, hidden: hidden,
        cards_bottom: cards.length ? cards[cards.length - 1].getBoundingClientRect().bottom + window.scrollY : 0,
        prose_top: prose.getBoundingClientRect().top + window.scrollY, text: document.body.innerText};"""


def laid_out(browser, page: Path, size: dict) -> dict:
    """The page drawn at `size` CSS pixels; a phone's through device emulation (a headless window is
    never narrower than 500 pixels)."""
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {**size, "deviceScaleFactor": 2 if size == PHONE else 1, "mobile": size == PHONE},
    )
    try:
        open_report(browser, page)
        return browser.execute_script(LAYOUT)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def overlapping(texts: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(texts)
        for b in texts[i + 1 :]
        if a["left"] < b["right"] - 1
        and b["left"] < a["right"] - 1
        and a["top"] < b["bottom"] - 1
        and b["top"] < a["bottom"] - 1
    ]


@pytest.fixture(scope="session")
def day_alone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample day's reports built alone: no day before it in the warehouse."""

    def build(root: Path) -> None:
        with pytest.MonkeyPatch.context() as monkeypatch:
            warehouse_env(monkeypatch, root)
            assert materialize_days(partition_key="2025-11-21").success

    return built_once(tmp_path_factory, "day_alone", build) / "reports"


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
@pytest.mark.parametrize("name", ["closing_report.html", "closing_report.zh-HK.html"])
@pytest.mark.parametrize("built", ["within_the_week", "alone"])
def test_the_page_reads_on_a_phone_and_a_laptop(
    browser, sample_run: SampleRun, request: pytest.FixtureRequest, built: str, name: str, size: dict
) -> None:
    reports = sample_run.settings.reports_dir if built == "within_the_week" else request.getfixturevalue("day_alone")
    found = laid_out(browser, reports / "2025-11-21" / name, size)
    assert found["page"]["scroll"] <= found["page"]["width"], "the page scrolls sideways"
    for chart in found["charts"]:
        beyond = [t["text"] for t in chart["texts"] if t["left"] < chart["left"] - 1 or t["right"] > chart["right"] + 1]
        assert beyond == [], (chart["id"], "labels cut at the chart's edge")
        assert overlapping(chart["texts"]) == [], chart["id"]
        assert min(t["size"] for t in chart["texts"]) >= 10, (chart["id"], "labels too small to read")
    # A cell on one line: a figure, a sector's name (in Chinese never one character a line), a leader
    # with its move (the leaders wrap between two of them, on a phone on a line of their own).
    tall = [
        (text, height)
        for text, kind, height, line in found["cells"]
        if height > 1.5 * line and "leaders" not in kind.split()
    ]
    assert tall == [], "table cells many lines tall"
    assert found["hidden"] == [], "a table wider than the screen, its columns out of sight"
    # The story first: Market Overview's prose within a screen of the index cards above it.
    assert found["prose_top"] - found["cards_bottom"] < found["page"]["height"]
    # Nothing empty, none of the machinery.
    for placeholder in (" – ·", "– /", "Counted once", "warehouse", ".csv", "mart", "數據倉庫", "in brackets"):
        assert placeholder not in found["text"], placeholder
