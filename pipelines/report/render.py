"""Render a day's closing reports (English and Traditional Chinese) to Markdown, HTML and JSON."""

import os
import shutil
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path

import jinja2
import orjson

from pipelines.config.report_files import REPORT_HTML_FILES, REPORT_JSON_FILE, REPORT_MARKDOWN_FILES
from pipelines.files import replaced_atomically, temporary_path, write_atomically
from pipelines.report import charts
from pipelines.report import numbers as fmt
from pipelines.report.document import LANGUAGES, WORDING, ClosingReport, build_report
from pipelines.report.figures import DayFigures
from pipelines.report.rules import RULE_NUMBERS

# Each day's set of reports is a folder here; `reports/YYYY-MM-DD` links to the current one.
DAY_VERSIONS = ".days"
REPORT_FILES = (REPORT_MARKDOWN_FILES["en"], REPORT_HTML_FILES["en"], REPORT_JSON_FILE)
ZH_FILES = (REPORT_MARKDOWN_FILES["zh-HK"], REPORT_HTML_FILES["zh-HK"])
PLOTLY_JS = files("plotly") / "package_data" / "plotly.min.js"


def _signed(value: float, decimals: int = 2, suffix: str = "") -> str:
    return f"{value:+,.{decimals}f}{suffix}"


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
    signed=_signed,
    # A % change in a table: signed, or the language's word for no change (never +0.00%).
    change=lambda value, labels: labels["flat"] if value == 0 else f"{value:+,.2f}%",
    stock_code=fmt.stock_code,
    embedded=lambda spec: jinja2.filters.Markup(charts.embedded(spec)),
)


def file_names(language: str) -> tuple[str, str]:
    """(markdown, html) file names of a language's report."""
    return REPORT_MARKDOWN_FILES[language], REPORT_HTML_FILES[language]


def render_markdown(report: ClosingReport) -> str:
    words = WORDING[report.language].words
    return _templates.get_template("closing_report.md.j2").render(report=report, w=words, t=words.LABELS)


@dataclass(frozen=True)
class Neighbours:
    """The days written before and after a day, which its page links to (None: none written)."""

    previous: date | None = None
    next: date | None = None


def render_nav(language: str, neighbours: Neighbours) -> str:
    """The page's links: every day, the days written before and after, the other language."""
    other = next(code for code in LANGUAGES if code != language)
    nav = {
        "previous": neighbours.previous.isoformat() if neighbours.previous else None,
        "next": neighbours.next.isoformat() if neighbours.next else None,
        "file": file_names(language)[1],
        "other_language": other,
        "other_language_name": WORDING[other].words.LABELS["language_name"],  # in its own script
        "other_language_file": file_names(other)[1],
    }
    return _templates.get_template("nav.html.j2").render(nav=nav, t=WORDING[language].words.LABELS)


def render_html(report: ClosingReport, neighbours: Neighbours = Neighbours()) -> str:
    words = WORDING[report.language].words
    specs = {
        "breadth": charts.breadth_chart(report.figures, words),
        "sectors": charts.sector_chart(report.figures, words),
        "turnover": charts.turnover_chart(report.figures, words),
    }
    return _templates.get_template("closing_report.html.j2").render(
        report=report, w=words, t=words.LABELS, nav=render_nav(report.language, neighbours), charts=specs
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


def ship_plotly(reports_dir: Path) -> None:
    """plotly.min.js once per reports folder, from the installed plotly package (never fetched)."""
    target = reports_dir / "assets" / "plotly.min.js"
    source = Path(str(PLOTLY_JS))
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        with replaced_atomically(target) as temporary:
            shutil.copyfile(source, temporary)


def write_reports(
    figures: DayFigures, provenance: Mapping[str, str], reports_dir: Path, neighbours: Neighbours = Neighbours()
) -> Path:
    """The day's reports in both languages and its JSON, swapped in together.

    They are written to a new folder under `.days/`; `reports/YYYY-MM-DD` is a link to it, replaced
    by one rename once every file is written, so a reader (or a killed run) never sees new Markdown
    beside old HTML.
    """
    day = figures.trade_date.isoformat()
    folder = reports_dir / DAY_VERSIONS / f"{day}.{uuid.uuid4().hex[:12]}"
    folder.mkdir(parents=True)
    reports = [build_report(figures, provenance, language) for language in LANGUAGES]
    for report in reports:
        markdown_name, html_name = file_names(report.language)
        (folder / markdown_name).write_text(render_markdown(report), encoding="utf-8")
        (folder / html_name).write_text(render_html(report, neighbours), encoding="utf-8")
    (folder / REPORT_JSON_FILE).write_text(render_json(reports), encoding="utf-8")
    return swap_in(reports_dir / day, folder)


def swap_in(day_dir: Path, folder: Path) -> Path:
    """Point `day_dir` at `folder` with one atomic rename; remove what it pointed at before."""
    replaced = day_dir.resolve() if day_dir.is_symlink() else None
    if day_dir.is_dir() and not day_dir.is_symlink():  # a day written as a plain folder by an older version
        replaced = temporary_path(day_dir)  # removed below, or by the next run if this one is killed
        os.rename(day_dir, replaced)
    with replaced_atomically(day_dir) as link:
        os.symlink(Path(DAY_VERSIONS) / folder.name, link)
    if replaced is not None and replaced != folder:
        shutil.rmtree(replaced, ignore_errors=True)
    return day_dir


def remove_unlinked_versions(reports_dir: Path) -> None:
    """Folders a killed run left under `.days/` (written, never swapped in)."""
    versions = reports_dir / DAY_VERSIONS
    if not versions.is_dir():
        return
    linked = {p.resolve() for p in reports_dir.iterdir() if p.is_symlink()}
    for folder in versions.iterdir():
        if folder.resolve() not in linked:
            shutil.rmtree(folder, ignore_errors=True)


def written_days(reports_dir: Path) -> list[date]:
    """The days whose reports are written (folders, or links to them, named YYYY-MM-DD), oldest first."""
    if not reports_dir.is_dir():
        return []
    days = []
    for path in reports_dir.iterdir():
        try:
            days.append(date.fromisoformat(path.name))
        except ValueError:
            continue
    return sorted(day for day in days if (reports_dir / day.isoformat()).is_dir())


def relink(reports_dir: Path, day: date, neighbours: Neighbours) -> None:
    """Point a written day's pages at its neighbours as they are now (a day written after it gives
    it a next): the pages' links alone are rewritten, each page atomically."""
    for language in LANGUAGES:
        page = reports_dir / day.isoformat() / file_names(language)[1]
        if not page.is_file():
            continue
        html = page.read_text(encoding="utf-8")
        start, end = html.find("<nav>"), html.find("</nav>")
        if start < 0 or end < 0:
            continue  # a page of an older version without a nav block: left as it is
        relinked = html[:start] + render_nav(language, neighbours) + html[end + len("</nav>") :]
        if relinked != html:
            write_atomically(page.resolve(), relinked)


def write_index(reports_dir: Path) -> Path:
    """reports/index.html: every rendered day, newest first, in both languages."""
    days = [day.isoformat() for day in reversed(written_days(reports_dir))]
    labels = {lang: language.words.LABELS for lang, language in WORDING.items()}
    page = _templates.get_template("index.html.j2").render(
        days=days,
        files={lang: file_names(lang)[1] for lang in LANGUAGES},
        labels=labels,
        count_line=" · ".join(
            labels[lang]["day_newest_first" if len(days) == 1 else "days_newest_first"].format(days=len(days))
            for lang in LANGUAGES
        ),
    )
    write_atomically(reports_dir / "index.html", page)
    return reports_dir / "index.html"
