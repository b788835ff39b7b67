"""The closing reports of a run's days, from the marts: the one call the report asset makes."""

from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import astuple, dataclass
from datetime import date
from pathlib import Path

import duckdb

from pipelines.report.document import build_report
from pipelines.report.loading import load_figures
from pipelines.report.render import (
    Neighbours,
    relink,
    remove_unlinked_versions,
    render_markdown,
    ship_plotly,
    write_index,
    write_reports,
    written_days,
)

# The figures are read this many days at a time, so a run never holds ten years of them (about
# 200 MiB) at once.
FIGURES_WINDOW_DAYS = 256


@dataclass(frozen=True)
class WrittenReports:
    days: int
    last_dir: Path  # the folder of the latest day's reports
    last_markdown: str  # the latest day's English report, for a preview


def write_closing_reports(
    database: Path, days: list[date], provenance: Mapping[str, str], reports_dir: Path
) -> WrittenReports:
    """Every day's reports in both languages, the shared Plotly script, and the index of days. Each
    page links to the days written before and after it: those of the run and those written before
    it, whose pages gain a link to the run's days beside them."""
    ship_plotly(reports_dir)
    remove_unlinked_versions(reports_dir)
    earlier = written_days(reports_dir)
    every_day = sorted(set(earlier) | set(days))
    with duckdb.connect(str(database), read_only=True) as con:
        for window in (days[i : i + FIGURES_WINDOW_DAYS] for i in range(0, len(days), FIGURES_WINDOW_DAYS)):
            figures = load_figures(con, window)
            for day in window:
                last_dir = write_reports(figures[day], provenance, reports_dir, neighbours_of(day, every_day))
    for day in {neighbour for d in days for neighbour in astuple(neighbours_of(d, every_day))} - set(days) - {None}:
        relink(reports_dir, day, neighbours_of(day, every_day))
    write_index(reports_dir)
    last_markdown = render_markdown(build_report(figures[days[-1]], provenance))
    return WrittenReports(len(days), last_dir, last_markdown)


def neighbours_of(day: date, days: list[date]) -> Neighbours:
    """The days of `days` (sorted) just before and just after `day`."""
    before, after = bisect_left(days, day), bisect_right(days, day)
    return Neighbours(days[before - 1] if before else None, days[after] if after < len(days) else None)
