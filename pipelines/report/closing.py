"""The closing reports of a run's days, from the marts: the one call the report asset makes."""

import multiprocessing
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from pathlib import Path

import duckdb

from pipelines.report.document import build_report
from pipelines.report.loading import load_figures
from pipelines.report.render import (
    remove_unlinked_versions,
    render_markdown,
    ship_plotly,
    write_index,
    write_reports,
)

# A range of at least this many days is written by one process per core: rendering is pure Python
# (Jinja, the charts' JSON) and the days are independent. Below it, starting the processes costs
# more than it saves.
PARALLEL_FROM_DAYS = 64
FIGURES_WINDOW_DAYS = 256


@dataclass(frozen=True)
class WrittenReports:
    days: int
    last_dir: Path  # the folder of the latest day's reports
    last_markdown: str  # the latest day's English report, for a preview


def write_closing_reports(
    database: Path, days: list[date], provenance: Mapping[str, str], reports_dir: Path
) -> WrittenReports:
    """Every day's reports in both languages, the shared Plotly script, and the index of days."""
    ship_plotly(reports_dir)
    remove_unlinked_versions(reports_dir)
    with duckdb.connect(str(database), read_only=True) as con:
        if len(days) < PARALLEL_FROM_DAYS:
            figures = load_figures(con, days)
            last_dir = [write_reports(figures[day], provenance, reports_dir) for day in days][-1]
        else:
            # Spawned, not forked: the run's process has threads (Dagster's, Polars') a fork would
            # copy mid-work. The figures are read a window of days at a time, so the run's process
            # never holds ten years of them (about 200 MiB) beside its workers; each window is read
            # while the workers write the one before.
            spawn = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=os.cpu_count(), mp_context=spawn) as pool:
                writing = None
                for window in (days[i : i + FIGURES_WINDOW_DAYS] for i in range(0, len(days), FIGURES_WINDOW_DAYS)):
                    figures = load_figures(con, window)
                    if writing is not None:
                        last_dir = list(writing)[-1]
                    writing = pool.map(
                        write_reports,
                        [figures[d] for d in window],
                        repeat(provenance),
                        repeat(reports_dir),
                        chunksize=32,
                    )
                last_dir = list(writing)[-1]
    write_index(reports_dir)
    last_markdown = render_markdown(build_report(figures[days[-1]], provenance))
    return WrittenReports(len(days), last_dir, last_markdown)
