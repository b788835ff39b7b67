"""Render a closing report to Markdown, HTML and JSON, and write them for a day."""

import json
import os
from dataclasses import asdict
from datetime import date
from pathlib import Path

import jinja2

from pipelines.report import formatting as fmt
from pipelines.report.document import ClosingReport

REPORT_FILES = ("closing_report.md", "closing_report.html", "closing_report.json")

_templates = jinja2.Environment(
    loader=jinja2.PackageLoader("pipelines.report", "templates"),
    autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
)
_templates.filters.update(
    level=fmt.level, percent=fmt.percent, amount_hkd=fmt.amount_hkd, price=fmt.price, stock_code=fmt.stock_code
)


def render_markdown(report: ClosingReport) -> str:
    return _templates.get_template("closing_report.md.j2").render(report=report)


def render_html(report: ClosingReport) -> str:
    return _templates.get_template("closing_report.html.j2").render(report=report)


def _json_default(value: object) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def render_json(report: ClosingReport) -> str:
    """Every figure of the report, machine-readable, with the text it was written into."""
    document = {
        "trade_date": report.figures.trade_date,
        "figures": asdict(report.figures),
        "text": {
            "headline": report.headline,
            "lead": report.lead,
            "sections": [asdict(s) for s in report.sections],
        },
        "provenance": report.provenance,
    }
    return json.dumps(document, default=_json_default, ensure_ascii=False, indent=2) + "\n"


def write_report(report: ClosingReport, reports_dir: Path) -> Path:
    """Write the day's three files; each replaces its predecessor atomically."""
    day_dir = reports_dir / report.figures.trade_date.isoformat()
    day_dir.mkdir(parents=True, exist_ok=True)
    for name, text in zip(REPORT_FILES, (render_markdown(report), render_html(report), render_json(report))):
        temporary = day_dir / f".{name}.tmp"
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, day_dir / name)
    return day_dir
