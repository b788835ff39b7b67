"""Draw a day's HTML reports as PNG files beside them, as a phone and a laptop show them:
`make screenshot DAY=2025-11-21` runs it.

    python scripts/screenshot.py warehouse/reports/2025-11-21 [--scale 1]

writes `closing_report.phone.png` (390 CSS pixels wide, as an iPhone 14 draws it) and
`closing_report.png` (1280 wide) for each language, the whole page each, at two device pixels to
a CSS pixel (a phone's screen; `--scale 1` for files a quarter the size, as docs/images has). Headless Chromium lays a
window out at 500 pixels at the least, so the phone is device emulation (CDP), as in
tests/test_browser.py.
"""

import argparse
import base64
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.support.wait import WebDriverWait

PAGES = ("closing_report.html", "closing_report.zh-HK.html")
SIZES = {"phone": {"width": 390, "height": 844, "mobile": True}, "": {"width": 1280, "height": 900, "mobile": False}}
CHARTS_DRAWN = (
    "var charts = document.querySelectorAll('.chart');"
    "return Array.from(charts).every(c => c.querySelector('svg.main-svg'));"
)


def browser(profile: str) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--user-data-dir={profile}"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path="/usr/bin/chromedriver"))


def draw(driver: webdriver.Chrome, page: Path, size: dict, scale: float, target: Path) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**size, "deviceScaleFactor": scale})
    driver.get(page.resolve().as_uri())
    WebDriverWait(driver, 20).until(lambda d: d.execute_script(CHARTS_DRAWN))
    picture = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
    target.write_bytes(base64.b64decode(picture["data"]))


def main(day_folder: Path, scale: float) -> None:
    pages = [day_folder / name for name in PAGES if (day_folder / name).is_file()]
    if not pages:
        sys.exit(f"{day_folder}: no closing report to draw (build the day first: make report)")
    with tempfile.TemporaryDirectory() as profile:
        driver = browser(profile)
        try:
            for page in pages:
                for kind, size in SIZES.items():
                    target = page.with_suffix(f".{kind}.png" if kind else ".png")
                    draw(driver, page, size, scale, target)
                    print(target)
        finally:
            driver.quit()


if __name__ == "__main__":
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("day_folder", type=Path, help="a day's reports folder, e.g. warehouse/reports/2025-11-21")
    arguments.add_argument("--scale", type=float, default=2.0, help="device pixels to a CSS pixel (default 2)")
    options = arguments.parse_args()
    main(options.day_folder, options.scale)
