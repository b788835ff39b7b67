"""The Atom feeds of the closing reports: `feed.xml` (English) and `feed.zh-HK.xml` in the reports folder.

A feed is made from the reports alone, never from the clock: an entry's time is its trade date at
16:10 Hong Kong time (the close, +08:00 all year, as Hong Kong keeps no summer time) and the feed's
time is its newest entry's, so the same reports give byte-identical feeds and a feed reader sees a
change only when a report changes. Each file is replaced atomically.
"""

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from feedgen.feed import FeedGenerator

from pipelines.config.report_files import REPORT_HTML_FILES, REPORT_JSON_FILE, REPORT_LANGUAGES, REPORT_MARKDOWN_FILES
from pipelines.delivery.day_report import read_report_json
from pipelines.delivery.markdown_html import markdown_to_html
from pipelines.files import write_atomically

FEED_FILES = {"en": "feed.xml", "zh-HK": "feed.zh-HK.xml"}
FEED_TITLES = {"en": "Hong Kong market close", "zh-HK": "香港股市收市"}
FEED_SUBTITLES = {
    "en": "The closing report of each Hong Kong trading day",
    "zh-HK": "每個香港交易日的收市報告",
}
AUTHOR = "hkclose"
HONG_KONG = timezone(timedelta(hours=8), "HKT")
REPORT_TIME = time(16, 10)


def feed_id(language: str) -> str:
    return f"tag:hkclose,2025:closing-report:{language}"


def entry_id(day: date, language: str) -> str:
    return f"tag:hkclose,{day.isoformat()}:{language}"


def report_time(day: date) -> datetime:
    """When a day's report is dated in the feed: its close, 16:10 in Hong Kong."""
    return datetime.combine(day, REPORT_TIME, tzinfo=HONG_KONG)


def write_feeds(reports_dir: Path, base_url: str | None, newest: int = 30) -> list[Path]:
    """Write both feeds of the newest `newest` days with a `closing_report.json`, newest first; their paths.

    Links are `{base_url}/{day}/{page}`, or relative to the reports folder (`{day}/{page}`, where the
    feeds are) without a base URL, which a feed reader cannot follow: the report asset says so.
    With no day to list (or no reports folder) nothing is written and the result is empty: a feed
    needs a time, and without a report there is none but the clock's.
    """
    days = report_days(reports_dir)[:newest]
    if not days:
        return []
    reports = [(day, read_report(reports_dir / day.isoformat())) for day in days]
    written = []
    for language in REPORT_LANGUAGES:
        path = reports_dir / FEED_FILES[language]
        write_atomically(path, feed_xml(reports, language, base_url))
        written.append(path)
    return written


def read_report(folder: Path) -> dict:
    """The day's JSON, with each language's Markdown beside its text (an entry's content)."""
    data = read_report_json(folder)
    for language in REPORT_LANGUAGES:
        data["text"][language]["markdown"] = (folder / REPORT_MARKDOWN_FILES[language]).read_text(encoding="utf-8")
    return data


def report_days(reports_dir: Path) -> list[date]:
    """The days under `reports_dir` (folders named YYYY-MM-DD, or links to them) with a JSON, newest first."""
    if not reports_dir.is_dir():
        return []
    days = []
    for entry in reports_dir.iterdir():
        try:
            day = date.fromisoformat(entry.name)
        except ValueError:
            continue
        if len(entry.name) == 10 and (entry / REPORT_JSON_FILE).is_file():
            days.append(day)
    return sorted(days, reverse=True)


def feed_xml(reports: list[tuple[date, dict]], language: str, base_url: str | None) -> bytes:
    """The Atom document of `reports` (newest first) in `language`."""
    base = f"{base_url.rstrip('/')}/" if base_url else ""
    feed = FeedGenerator()
    feed.id(feed_id(language))
    feed.title(FEED_TITLES[language])
    feed.subtitle(FEED_SUBTITLES[language])
    feed.author({"name": AUTHOR})
    feed.language(language)
    feed.link(href=f"{base}index.html", rel="alternate", type="text/html")
    if base:
        feed.link(href=f"{base}{FEED_FILES[language]}", rel="self", type="application/atom+xml")
    feed.updated(report_time(reports[0][0]))
    for day, data in reports:  # appended in order: newest first in the file
        text = data["text"][language]
        entry = feed.add_entry(order="append")
        entry.id(entry_id(day, language))
        entry.title(" ".join(str(text["headline"]).split()))
        entry.summary(str(text.get("lead") or ""))
        # The whole report, as the mail's HTML gives it (text and tables, no script, no chart).
        entry.content(markdown_to_html(text["markdown"]), type="html")
        entry.link(href=f"{base}{day.isoformat()}/{REPORT_HTML_FILES[language]}", rel="alternate", type="text/html")
        entry.published(report_time(day))
        entry.updated(report_time(day))
    return feed.atom_str(pretty=True)
