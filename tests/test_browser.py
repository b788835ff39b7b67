"""The HTML reports in a real browser (headless Chromium): charts drawn, nothing overflowing,
vendor text shown as text. Outside CI these tests are skipped, saying why, where Chromium, its
driver or selenium is missing (`make test` installs Debian's chromium and chromium-driver where it
can); under CI (CI=true) a missing browser fails them, so a green run has really drawn the charts."""

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import SampleRun

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
    assert links == ["2025-11-21/closing_report.html", "2025-11-21/closing_report.zh-HK.html"]
