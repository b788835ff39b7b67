"""The HTML reports in a real browser (headless Chromium): charts drawn, nothing overflowing,
vendor text shown as text. Skipped, saying why, where Chromium and its driver are not installed
(`make test` installs Debian's chromium and chromium-driver where it can)."""

import shutil
from pathlib import Path

import pytest

from tests.helpers import SampleRun

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER),
    reason="Chromium and chromedriver are not installed (Debian packages chromium and chromium-driver)",
)
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
OVERFLOWING = """
return Array.from(document.querySelectorAll('.card, .card *')).filter(function (element) {
  return element.scrollWidth > element.clientWidth + 1 || element.getBoundingClientRect().right >
         element.closest('.card').getBoundingClientRect().right + 1;
}).map(function (element) { return element.className + ': ' + element.textContent.trim(); });"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
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


@pytest.mark.parametrize("name", ["closing_report.html", "closing_report.zh-HK.html"])
def test_charts_are_drawn_and_no_text_overflows_its_card(
    browser, sample_run: SampleRun, name: str, tmp_path: Path
) -> None:
    report = sample_run.settings.reports_dir / "2025-11-21" / name
    open_report(browser, report)
    charts = browser.execute_script(CHART_SIZES)
    assert [c[0] for c in charts] == ["breadth-chart", "sector-chart", "turnover-chart"]
    for chart_id, shapes, width, height in charts:
        assert shapes > 3 and width > 300 and height > 50, chart_id
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
