"""One day's written closing report as delivery reads it: its files, read once, and what they say.

The day's folder is a link the report swaps to a new set of files in one rename, so the link is
resolved first and every file read from that one set: never a new Markdown beside an old JSON.
The version of a language's report is a hash of what a reader gets (its Markdown and the JSON), so
any change to either is a new version to deliver, and an unchanged report is never sent twice.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

from pipelines.config.report_files import REPORT_HTML_FILES, REPORT_JSON_FILE, REPORT_MARKDOWN_FILES

VERSION_LENGTH = 16


def report_version(markdown: bytes, report_json: bytes) -> str:
    """The first 16 hex digits of sha256 over the language's Markdown and the JSON."""
    return hashlib.sha256(markdown + report_json).hexdigest()[:VERSION_LENGTH]


def report_link(base_url: str | None, day: date, language: str) -> str | None:
    """The public address of the day's HTML page in `language`, when the reports' base URL is known."""
    return f"{base_url.rstrip('/')}/{day.isoformat()}/{REPORT_HTML_FILES[language]}" if base_url else None


def read_report_json(folder: Path) -> dict:
    return json.loads((folder / REPORT_JSON_FILE).read_text(encoding="utf-8"))


@dataclass(frozen=True)
class DayReport:
    """The files of one day's report, as bytes, and the parts of its JSON delivery writes."""

    day: date
    report_json: bytes
    markdown: dict[str, bytes]

    @cached_property
    def data(self) -> dict:
        return json.loads(self.report_json)

    def version(self, language: str) -> str:
        return report_version(self.markdown[language], self.report_json)

    def markdown_text(self, language: str) -> str:
        return self.markdown[language].decode("utf-8")

    def headline(self, language: str) -> str:
        """The headline in `language` on one line (a mail subject cannot hold a line break)."""
        return " ".join(str(self.data["text"][language]["headline"]).split())

    def index_line(self, language: str) -> str:
        """Each index's close and change, as `Hang Seng Index 25,222.02 (-2.38%)`, joined by ` · `."""
        parts = []
        for index in self.data.get("figures", {}).get("indexes", []):
            name = (index.get("name_zh") if language == "zh-HK" else None) or index.get("name") or index.get("code")
            close, change = index.get("close"), index.get("change_pct")
            if close is None:
                continue
            parts.append(f"{name} {close:,.2f}" + (f" ({change:+.2f}%)" if change is not None else ""))
        return " · ".join(parts)


def read_day_report(reports_dir: Path, day: date) -> DayReport:
    """The day's report; FileNotFoundError naming the folder (or file) that is missing."""
    link = reports_dir / day.isoformat()
    if not link.is_dir():
        raise FileNotFoundError(f"no closing report for {day}: {link} is not a folder")
    folder = link.resolve()
    names = [REPORT_JSON_FILE, *REPORT_MARKDOWN_FILES.values()]
    missing = [name for name in names if not (folder / name).is_file()]
    if missing:
        raise FileNotFoundError(f"the closing report of {day} in {link} lacks {', '.join(missing)}")
    report = DayReport(
        day=day,
        report_json=(folder / REPORT_JSON_FILE).read_bytes(),
        markdown={language: (folder / name).read_bytes() for language, name in REPORT_MARKDOWN_FILES.items()},
    )
    if report.data.get("trade_date") != day.isoformat():
        raise ValueError(f"{link / REPORT_JSON_FILE} is the report of {report.data.get('trade_date')}, not of {day}")
    return report
