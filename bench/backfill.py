"""Benchmark: a ten-year backfill from the simulated source, its parts, one day, and the floor.

    python bench/backfill.py                       # 2015-01-02 .. 2024-12-31 (about 20 minutes)
    python bench/backfill.py --end 2015-12-31      # a shorter range

Every measurement runs in a fresh process on a fresh temporary warehouse; wall time is measured
around the process, peak memory is the largest resident set of it and its children (dbt). Prints
a Markdown table (the figures in docs/performance.md come from it).
"""

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
HKCLOSE = str(Path(PYTHON).with_name("hkclose"))
DAY_AFTER = "2025-01-02"  # the trading day after the default range

PARTS = {
    "ingest": """
import logging
from datetime import date
from pathlib import Path
from pipelines.market.calendar import hkex_calendar
from pipelines.lake.ingest import ingest
from pipelines.sources.simulated import SimulatedSource
days = hkex_calendar().trading_days(date.fromisoformat(START), date.fromisoformat(END))
ingest(SimulatedSource(), days, Path(ROOT) / "lake", logging.getLogger("bench"))
""",
    "dbt": """
import json, subprocess
from datetime import date, timedelta
from pathlib import Path
from pipelines.defs.assets.marts import MART_NODES, REFERENCE_NODES
from pipelines.config import DBT_PROJECT_DIR
from pipelines.lake.build_inputs import declare_build_inputs
database = Path(ROOT) / "hkclose.duckdb"
end = date.fromisoformat(END) + timedelta(days=1)
declare_build_inputs(database, Path(ROOT) / "lake", date.fromisoformat(START), end)
subprocess.run([str(Path(sys.executable).with_name("dbt")), "build", "--select", REFERENCE_NODES, MART_NODES,
    "--exclude-resource-type", "unit_test", "--vars", json.dumps({"database_path": str(database)}),
    "--profiles-dir", str(DBT_PROJECT_DIR), "--target-path", f"{ROOT}/target", "--log-path", f"{ROOT}/logs", "--quiet"],
    cwd=DBT_PROJECT_DIR, check=True)
""",
    "reports": """
from datetime import date
from pathlib import Path
import duckdb
from pipelines.market.calendar import hkex_calendar
from pipelines.report.figures import load_figures
from pipelines.report.render import ship_plotly, write_index, write_reports
from pipelines.sources.simulated import SIMULATED_PROVENANCE
days = hkex_calendar().trading_days(date.fromisoformat(START), date.fromisoformat(END))
with duckdb.connect(f"{ROOT}/hkclose.duckdb", read_only=True) as con:
    figures = load_figures(con, days)
ship_plotly(Path(ROOT) / "reports")
for day in days:
    write_reports(figures[day], SIMULATED_PROVENANCE, Path(ROOT) / "reports")
write_index(Path(ROOT) / "reports")
""",
    "floor": """
import duckdb
from pipelines.config import DBT_PROJECT_DIR, PROJECT_ROOT
sql = (PROJECT_ROOT / "bench" / "floor.sql").read_text()
sql = sql.replace(":lake", f"{ROOT}/lake").replace(":seeds", str(DBT_PROJECT_DIR / "seeds"))
with duckdb.connect(f"{ROOT}/floor.duckdb") as con:
    con.execute("set enable_progress_bar = false")
    con.execute(sql)
""",
}


def measured(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Run a command in a fresh process: (seconds, peak MiB of it and its children, output)."""
    wrapper = (
        "import resource, subprocess, sys, json;"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss;"
        "print(json.dumps({'code': p.returncode, 'peak_kib': peak, 'out': p.stdout + p.stderr}))"
    )
    started = time.perf_counter()
    finished = subprocess.run([PYTHON, "-c", wrapper, *command], capture_output=True, text=True, env=env, cwd=PROJECT)
    seconds = time.perf_counter() - started
    result = json.loads(finished.stdout)
    if result["code"] != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result['out'][-4000:]}")
    return seconds, result["peak_kib"] / 1024, result["out"]


def run_part(name: str, root: str, start: str, end: str, env: dict[str, str]) -> tuple[float, float]:
    code = f"import sys\nROOT, START, END = {root!r}, {start!r}, {end!r}\n" + PARTS[name]
    seconds, peak, _ = measured([PYTHON, "-c", code], env)
    return seconds, peak


def run_cli(
    args: list[str], root: str, env: dict[str, str], dagster_home: str | None
) -> tuple[float, float, dict[str, float]]:
    env = {**env, "HKCLOSE_WAREHOUSE": f"{root}/hkclose.duckdb", "HKCLOSE_SOURCE": "simulated"}
    env.pop("DAGSTER_HOME", None)
    if dagster_home:
        Path(dagster_home).mkdir(parents=True, exist_ok=True)
        env["DAGSTER_HOME"] = dagster_home
    seconds, peak, out = measured([HKCLOSE, *args], env)
    steps = {m[1]: float(m[2]) for m in re.finditer(r"^\s+(\w+)\s+([\d.]+) s", out, re.MULTILINE)}
    return seconds, peak, steps


def folder_size(folder: str) -> int:
    """Bytes in a folder: what a run left in the Dagster instance (event log, run history)."""
    return sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file())


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = (
        int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
        / 1024**2
    )
    system = f"{platform.system()} {platform.release()}"
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}, {system}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--start", default="2015-01-02")
    parser.add_argument("--end", default="2024-12-31")
    parser.add_argument("--day", default=DAY_AFTER, help="the one day run alone and on top of the range")
    options = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HKCLOSE_")}
    rows: list[tuple[str, float, float | None, str]] = []

    def report(label: str, seconds: float, peak: float | None, note: str = "") -> None:
        rows.append((label, seconds, peak, note))
        print(f"{label:<58} {seconds:8.1f} s  {'' if peak is None else f'{peak:7.0f} MiB'}  {note}", flush=True)

    with tempfile.TemporaryDirectory(prefix="hkclose-bench-") as tmp:
        parts = f"{tmp}/parts"
        part_seconds = {}
        for name in ("ingest", "dbt", "reports", "floor"):
            seconds, peak = run_part(name, parts, options.start, options.end, env)
            part_seconds[name] = seconds
            report(f"part: {name}", seconds, peak)
        report(
            "marts alone (dbt) / hand-written floor",
            part_seconds["dbt"] / part_seconds["floor"],
            None,
            "ratio, target <= 3",
        )

        for label, home in (
            ("backfill through Dagster, persistent instance", f"{tmp}/dagster"),
            ("backfill through Dagster, in-memory instance", None),
        ):
            root = f"{tmp}/{'persistent' if home else 'memory'}"
            seconds, peak, steps = run_cli(["backfill", options.start, options.end], root, env, home)
            detail = ", ".join(f"{k} {v:.1f} s" for k, v in steps.items())
            if home:
                detail += f"; the instance then holds {folder_size(home) / 1e6:,.0f} MB"
            report(label, seconds, peak, detail)

        empty, empty_peak, _ = run_cli(["report", options.day], f"{tmp}/one-day", env, f"{tmp}/dagster-one-day")
        report(f"one day ({options.day}) end to end, empty warehouse", empty, empty_peak)
        on_history, history_peak, _ = run_cli(["report", options.day], f"{tmp}/persistent", env, f"{tmp}/dagster")
        report(f"one day ({options.day}) on top of the backfilled range", on_history, history_peak)
        report("one day on history / on an empty warehouse", on_history / empty, None, "ratio, target <= 1.2")

    print(f"\nMachine: {machine()}\nRange: {options.start} .. {options.end}\n")
    print("| measurement | wall time | peak memory | notes |\n| --- | --- | --- | --- |")
    for label, seconds, peak, note in rows:
        value = f"{seconds:.2f}x" if "/" in label else f"{seconds:.1f} s"
        print(f"| {label} | {value} | {'' if peak is None else f'{peak:.0f} MiB'} | {note} |")


if __name__ == "__main__":
    main()
