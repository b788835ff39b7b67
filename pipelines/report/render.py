"""Render a day's closing reports (English and Traditional Chinese) to Markdown, HTML and JSON."""

import os
import shutil
from importlib.resources import files
from pathlib import Path

import jinja2
import orjson

from pipelines.market.calendar import hkex_calendar
from pipelines.report import charts
from pipelines.report import formatting as fmt
from pipelines.report.document import LANGUAGES, ClosingReport, build_report
from pipelines.report.figures import DayFigures, StockMove
from pipelines.report.labels import LABELS
from pipelines.report.rules import RULE_NUMBERS

REPORT_FILES = ("closing_report.md", "closing_report.html", "closing_report.json")
ZH_FILES = ("closing_report.zh-HK.md", "closing_report.zh-HK.html")
PLOTLY_JS = files("plotly") / "package_data" / "plotly.min.js"


def _signed(value: float | None, decimals: int = 2, suffix: str = "") -> str:
    return "–" if value is None else f"{value:+,.{decimals}f}{suffix}"


def _stock_name(stock: StockMove, language: str) -> str:
    return stock.name if language == "en" else stock.name_zh or stock.name


_templates = jinja2.Environment(
    loader=jinja2.PackageLoader("pipelines.report", "templates"),
    autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2"), default_for_string=False),
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
)
_templates.filters.update(
    level=fmt.level,
    count=fmt.count,
    count_or_dash=lambda v: "–" if v is None else fmt.count(v),
    signed=_signed,
    amount=lambda value, language: fmt.amount_hkd_in(language, value),
    price=lambda value, currency, language: fmt.price_in(language, value, currency),
    stock_code=fmt.stock_code,
    stock_name=_stock_name,
    embedded=lambda spec: jinja2.filters.Markup(charts.embedded(spec)),
)


def file_names(language: str) -> tuple[str, str]:
    """(markdown, html) file names of a language's report."""
    return REPORT_FILES[:2] if language == "en" else ZH_FILES


def render_markdown(report: ClosingReport) -> str:
    return _templates.get_template("closing_report.md.j2").render(report=report)


def render_html(report: ClosingReport) -> str:
    calendar = hkex_calendar()
    day = report.figures.trade_date
    other = "zh-HK" if report.language == "en" else "en"
    nav = {
        "previous": calendar.previous_trading_day(day).isoformat(),
        "next": calendar.next_trading_day(day).isoformat(),
        "file": file_names(report.language)[1],
        "other_language": other,
        "other_language_file": file_names(other)[1],
    }
    specs = {
        "breadth": charts.breadth_chart(report.figures, LABELS[report.language]),
        "sectors": charts.sector_chart(report.figures, report.language),
        "turnover": charts.turnover_chart(report.figures, report.language),
    }
    return _templates.get_template("closing_report.html.j2").render(
        report=report, t=LABELS[report.language], nav=nav, charts=specs
    )


def render_json(reports: list[ClosingReport]) -> str:
    """Every figure of the day, machine-readable, with the text written from it in each language."""
    document = {
        "trade_date": reports[0].figures.trade_date,
        "figures": reports[0].figures,
        "text": {r.language: {"headline": r.headline, "lead": r.lead, "sections": r.sections} for r in reports},
        # The fixed numbers the prose's rules speak of, so every number in the text is in this file.
        "rules": RULE_NUMBERS,
        "provenance": reports[0].provenance,
    }
    # orjson writes dataclasses and dates natively, in a fraction of the json module's time.
    return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n"


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def ship_plotly(reports_dir: Path) -> None:
    """plotly.min.js once per reports folder, from the installed plotly package (never fetched)."""
    target = reports_dir / "assets" / "plotly.min.js"
    source = Path(str(PLOTLY_JS))
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target.with_name(".plotly.min.js.tmp"))
        os.replace(target.with_name(".plotly.min.js.tmp"), target)


def write_reports(figures: DayFigures, provenance: str, reports_dir: Path) -> Path:
    """The day's reports in both languages and its JSON; each file replaces its predecessor atomically."""
    day_dir = reports_dir / figures.trade_date.isoformat()
    day_dir.mkdir(parents=True, exist_ok=True)
    reports = [build_report(figures, provenance, language) for language in LANGUAGES]
    for report in reports:
        markdown_name, html_name = file_names(report.language)
        _write(day_dir / markdown_name, render_markdown(report))
        _write(day_dir / html_name, render_html(report))
    _write(day_dir / "closing_report.json", render_json(reports))
    return day_dir


def write_index(reports_dir: Path) -> Path:
    """reports/index.html: every rendered day, newest first, in both languages."""
    days = sorted(
        (p.name for p in reports_dir.iterdir() if p.is_dir() and len(p.name) == 10 and p.name[4] == "-"), reverse=True
    )
    page = _templates.get_template("index.html.j2").render(
        days=days, files={lang: file_names(lang)[1] for lang in LANGUAGES}
    )
    _write(reports_dir / "index.html", page)
    return reports_dir / "index.html"
