"""Benchmark: hkclose's speed targets, each measured in fresh processes on fresh temporary warehouses.

    python bench/backfill.py                       # 2015-01-02 .. 2024-12-31 (about 25 minutes)
    python bench/backfill.py --end 2015-12-31      # a shorter range

Measures the pipeline's own work (ingest, dbt's parse, dbt's build, reports: each a plain process, no
Dagster), the hand-written DuckDB floor of the marts, the floor of writing the lake's files (a copy of the
lake ingest wrote: the same directories, files and bytes), the range through
`hkclose backfill` and through the plain Dagster CLI (`dagster asset materialize --partition-range`,
what a UI backfill runs), one day on an empty warehouse and on top of the range (the next trading
day after --end), and one sample day on a warehouse holding the sample week. Short runs are medians
of 3. Peak memory is the largest sum of the resident sets of a process and all its children (the
Dagster process and dbt together), sampled every 0.1 s. Prints each measure against its target
(docs/performance.md holds the figures).

Every warehouse's marts must be identical row for row (doubles to 7 significant digits): to each other, and to
the reference recorded for the range in bench/reference/ by a clean run of an earlier version
(`--write-reference WAREHOUSE` records one). The benchmark fails loudly when they differ.
"""

import argparse
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import duckdb
import psutil

PROJECT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
HKCLOSE = str(Path(PYTHON).with_name("hkclose"))
DAGSTER = str(Path(PYTHON).with_name("dagster"))
REFERENCE_DIR = PROJECT / "bench" / "reference"
SAMPLE_WEEK = ("2025-11-17", "2025-11-21")
SAMPLE_DAY = "2025-11-20"
REPEATS = 3

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
    "dbt_parse": """
import subprocess
subprocess.run(DBT + ["parse"] + DBT_OPTIONS, cwd=DBT_PROJECT_DIR, check=True)
""",
    "dbt": """
from datetime import date, timedelta
from pipelines.lake.build_inputs import MART_NODES, REFERENCE_NODES, REFERENCE_TESTS, declare_build_inputs
end = date.fromisoformat(END) + timedelta(days=1)
declare_build_inputs(DATABASE, Path(ROOT) / "lake", date.fromisoformat(START), end)
# What a run of hkclose selects (pipelines/defs/assets/marts.py), without importing Dagster.
selection = ["--select", REFERENCE_NODES, MART_NODES, "--exclude", REFERENCE_TESTS]
selection += ["--exclude-resource-type", "unit_test"]
subprocess.run(DBT + ["build"] + selection + DBT_OPTIONS, cwd=DBT_PROJECT_DIR, check=True)
""",
    "reports": """
from datetime import date
from pathlib import Path
from pipelines.market.calendar import hkex_calendar
from pipelines.report.closing import write_closing_reports
from pipelines.report.document import provenance
days = hkex_calendar().trading_days(date.fromisoformat(START), date.fromisoformat(END))
write_closing_reports(Path(ROOT) / "hkclose.duckdb", days, provenance("simulated", Path()), Path(ROOT) / "reports")
""",
    "lake_copy": """
import shutil
shutil.copytree(Path(ROOT) / "lake", Path(ROOT) / "lake-copy")
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
    """Run a command in a fresh process: (seconds, peak MiB of it and its children together, output)."""
    started = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=PROJECT)
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.append(process.stdout.read()))
    reader.start()
    peak = 0
    while process.poll() is None:
        with contextlib.suppress(psutil.Error):  # a process that ended between the listing and the reading
            peak = max(peak, sum(member.memory_info().rss for member in [process, *process.children(recursive=True)]))
        time.sleep(0.1)
    reader.join()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{''.join(output)[-4000:]}")
    return seconds, peak / 2**20, "".join(output)


# What every part starts with: the range, and how dbt is invoked (the parse part and the build part
# share the target folder and vars, so the build reuses the parse, as every run after a warehouse's first).
PREAMBLE = """
import json, subprocess, sys
from pathlib import Path
from pipelines.config import DBT_PROJECT_DIR
DATABASE = Path(ROOT) / "hkclose.duckdb"
DBT = [str(Path(sys.executable).with_name("hkclose-dbt"))]  # the dbt command a run of hkclose invokes
DBT_OPTIONS = ["--vars", json.dumps({"database_path": str(DATABASE)}), "--profiles-dir", str(DBT_PROJECT_DIR),
    "--target-path", f"{ROOT}/target", "--log-path", f"{ROOT}/logs", "--quiet"]
"""


def run_part(name: str, root: str, start: str, end: str, env: dict[str, str]) -> tuple[float, float]:
    code = f"ROOT, START, END = {root!r}, {start!r}, {end!r}\n" + PREAMBLE + PARTS[name]
    seconds, peak, _ = measured([PYTHON, "-c", code], env)
    return seconds, peak


def hkclose_env(env: dict[str, str], root: str, source: str = "simulated") -> dict[str, str]:
    """The environment of a run on the warehouse in `root`, with its own SQLite instance."""
    Path(root, "dagster").mkdir(parents=True, exist_ok=True)
    instance = (PROJECT / "warehouse" / "dagster" / "dagster.yaml").read_text()
    Path(root, "dagster", "dagster.yaml").write_text(instance)
    return {
        **env,
        "HKCLOSE_WAREHOUSE": f"{root}/hkclose.duckdb",
        "HKCLOSE_SOURCE": source,
        "DAGSTER_HOME": f"{root}/dagster",
    }


def folder_size(folder: str) -> int:
    """Bytes in a folder: what a run left in the Dagster instance (event log, run history), or a lake."""
    return sum(f.stat().st_size for f in Path(folder).rglob("*") if f.is_file())


def median_of(runs: list[tuple[float, float, str]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in runs), max(r[1] for r in runs)


def marts_digest(database: str) -> dict[str, list]:
    """Each mart's row count and an order-free digest of its rows (doubles to 7 significant digits:
    a sum over rows in parallel may differ in its last bits from run to run)."""
    digest = {}
    with duckdb.connect(database, read_only=True) as con:
        columns: dict[str, list[str]] = {}
        for table, column, data_type in con.execute(
            "select table_name, column_name, data_type from information_schema.columns "
            "where table_schema = 'marts' order by table_name, ordinal_position"
        ).fetchall():
            value = f"format('{{:.7g}}', \"{column}\")" if data_type in ("DOUBLE", "FLOAT") else f'"{column}"'
            columns.setdefault(table, []).append(value)
        for table, values in columns.items():
            count, total = con.execute(
                f"select count(*), coalesce(sum(hash({', '.join(values)})::hugeint), 0)::varchar from marts.{table}"
            ).fetchone()
            digest[table] = [count, total]
    return digest


def reference_path(start: str, end: str) -> Path:
    return REFERENCE_DIR / f"marts-{start}-{end}.json"


def check_marts(digests: dict[str, dict[str, list]], start: str, end: str) -> str:
    """Fail loudly unless every run's marts equal each other's and the recorded reference's. With
    no reference recorded for the range (a version that changed what the marts hold removes it),
    the runs' agreed marts become the reference, recorded with this version's commit."""
    reference = reference_path(start, end)
    if reference.exists():
        recorded = json.loads(reference.read_text())
        digests["reference (" + recorded["version"] + ")"] = recorded["marts"]
    (first_label, first), *others = digests.items()
    for label, digest in others:
        differing = sorted(t for t in first.keys() | digest.keys() if first.get(t) != digest.get(t))
        if differing:
            raise SystemExit(f"MARTS DIFFER: {label} against {first_label}: {', '.join(differing)}")
    rows = sum(count for count, _ in first.values())
    said = f"marts identical row for row ({rows:,} rows) across: {', '.join(digests)}"
    if not reference.exists():
        version = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout
        REFERENCE_DIR.mkdir(exist_ok=True)
        reference.write_text(json.dumps({"version": version.strip(), "marts": first}, indent=1) + "\n")
        said += f"; recorded as the reference {reference} (version {version.strip()})"
    return said


def trading_day_after(day: str) -> str:
    from pipelines.market.calendar import hkex_calendar

    return hkex_calendar().next_trading_day(date.fromisoformat(day)).isoformat()


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = psutil.virtual_memory().total / 1024**3
    system = f"{platform.system()} {platform.release()}"
    return f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python {platform.python_version()}, {system}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--start", default="2015-01-02")
    parser.add_argument("--end", default="2024-12-31")
    parser.add_argument("--write-reference", metavar="WAREHOUSE", help="record this warehouse's marts for the range")
    parser.add_argument("--version", default="", help="with --write-reference: the version that built it")
    parser.add_argument(
        "--backfill-only", action="store_true", help="measure the range through `hkclose backfill` only (time, peak)"
    )
    options = parser.parse_args()
    if options.write_reference:
        REFERENCE_DIR.mkdir(exist_ok=True)
        recorded = {"version": options.version, "marts": marts_digest(options.write_reference)}
        reference_path(options.start, options.end).write_text(json.dumps(recorded, indent=1) + "\n")
        print(f"wrote {reference_path(options.start, options.end)}")
        return
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HKCLOSE_", "DAGSTER_HOME"))}
    if options.backfill_only:
        with tempfile.TemporaryDirectory(prefix="hkclose-bench-") as tmp:
            seconds, peak, _ = measured([HKCLOSE, "backfill", options.start, options.end], hkclose_env(env, tmp))
        print(f"range through `hkclose backfill`: {seconds:.1f} s, peak {peak:,.0f} MiB")
        return
    day = trading_day_after(options.end)
    years = (date.fromisoformat(options.end) - date.fromisoformat(options.start) + timedelta(days=1)).days / 365.25
    figures: dict[str, float] = {}

    def say(label: str, seconds: float, peak: float | None = None, note: str = "") -> None:
        memory = "" if peak is None else f"{peak:7.0f} MiB"
        print(f"{label:<62} {seconds:8.1f} s  {memory}  {note}", flush=True)

    with tempfile.TemporaryDirectory(prefix="hkclose-bench-") as tmp:
        parts = f"{tmp}/parts"
        for name in ("ingest", "dbt_parse", "dbt", "reports", "floor", "lake_copy"):
            figures[name], peak = run_part(name, parts, options.start, options.end, env)
            say(f"part: {name}", figures[name], peak)
        figures["own"] = figures["ingest"] + figures["dbt_parse"] + figures["dbt"] + figures["reports"]
        # dbt's own account of the build: from its first node to its last, without starting up.
        figures["dbt_nodes"] = json.loads(Path(parts, "target", "run_results.json").read_text())["elapsed_time"]
        say("part: dbt, its nodes (run_results.json elapsed_time)", figures["dbt_nodes"])
        digests = {"dbt alone": marts_digest(f"{parts}/hkclose.duckdb")}

        backfill = f"{tmp}/backfill"
        figures["backfill"], figures["peak"], _ = measured(
            [HKCLOSE, "backfill", options.start, options.end], hkclose_env(env, backfill)
        )
        instance_mb = folder_size(f"{backfill}/dagster") / 1e6
        say("range through `hkclose backfill`", figures["backfill"], figures["peak"], f"instance {instance_mb:,.0f} MB")
        digests["hkclose backfill"] = marts_digest(f"{backfill}/hkclose.duckdb")

        plain = f"{tmp}/dagster-cli"
        command = [DAGSTER, "asset", "materialize", "-m", "pipelines.definitions", "--select", "*"]
        command += ["--partition-range", f"{options.start}...{options.end}"]
        figures["dagster_cli"], peak, _ = measured(command, hkclose_env(env, plain))
        say("range through `dagster asset materialize`", figures["dagster_cli"], peak)
        digests["dagster asset materialize"] = marts_digest(f"{plain}/hkclose.duckdb")

        memory = f"{tmp}/in-memory"
        memory_env = {k: v for k, v in hkclose_env(env, memory).items() if k != "DAGSTER_HOME"}
        figures["in_memory"], peak, _ = measured([HKCLOSE, "backfill", options.start, options.end], memory_env)
        say("range through `hkclose backfill`, in-memory instance (floor)", figures["in_memory"], peak)
        digests["in-memory instance"] = marts_digest(f"{memory}/hkclose.duckdb")

        empty_runs = [measured([HKCLOSE, "report", day], hkclose_env(env, f"{tmp}/empty-{n}")) for n in range(REPEATS)]
        figures["day_empty"], peak = median_of(empty_runs)
        say(f"one day ({day}) on an empty warehouse, median of {REPEATS}", figures["day_empty"], peak)
        history_runs = [measured([HKCLOSE, "report", day], hkclose_env(env, backfill)) for _ in range(REPEATS)]
        figures["day_history"], peak = median_of(history_runs)
        say(f"one day ({day}) on top of the range, median of {REPEATS}", figures["day_history"], peak)

        sample = f"{tmp}/sample-week"
        measured([HKCLOSE, "backfill", *SAMPLE_WEEK], hkclose_env(env, sample, "sample"))
        sample_runs = [
            measured([HKCLOSE, "report", SAMPLE_DAY], hkclose_env(env, sample, "sample")) for _ in range(REPEATS)
        ]
        figures["sample_day"], peak = median_of(sample_runs)
        say(f"one sample day ({SAMPLE_DAY}) on the sample week, median of {REPEATS}", figures["sample_day"], peak)

        check = check_marts(digests, options.start, options.end)
        print(check)

    rows = [
        (
            "one sample day end to end, warehouse holding the sample week (median of 3)",
            f"{figures['sample_day']:.1f} s",
            "<= 7 s",
        ),
        (
            f"a simulated day on {years:.1f} years of history / on an empty warehouse (medians of 3)",
            f"{figures['day_history'] / figures['day_empty']:.2f}x",
            "<= 1.10x",
        ),
        (
            f"the pipeline's own work for {years:.1f} years (ingest + dbt parse + dbt build + reports)",
            f"{figures['own']:.1f} s",
            "<= 60 s",
        ),
        (
            "marts (dbt build, the project parsed) / the hand-written DuckDB floor",
            f"{figures['dbt'] / figures['floor']:.2f}x",
            "<= 1.3x",
        ),
        (
            "the range through `hkclose backfill` / the pipeline's own work",
            f"{figures['backfill'] / figures['own']:.2f}x",
            "<= 2x",
        ),
        (
            "the range through the plain Dagster CLI / through `hkclose backfill`",
            f"{figures['dagster_cli'] / figures['backfill']:.2f}x",
            "<= 1.2x",
        ),
        (
            "peak memory of the range through `hkclose backfill` (Dagster and dbt together)",
            f"{figures['peak']:,.0f} MiB",
            "<= 1,500 MiB",
        ),
    ]
    print(f"\nMachine: {machine()}\nRange: {options.start} .. {options.end}; one day: {day}\n")
    print("| measure | now | target |\n| --- | --- | --- |")
    for label, now, target in rows:
        print(f"| {label} | {now} | {target} |")
    print(
        f"\nParts: ingest {figures['ingest']:.1f} s (copying the lake it wrote, the floor of writing its "
        f"files on this disk: {figures['lake_copy']:.1f} s), dbt parse {figures['dbt_parse']:.1f} s, "
        f"dbt build {figures['dbt']:.1f} s ({figures['dbt_nodes']:.1f} s from its first node to its last), "
        f"reports {figures['reports']:.1f} s, floor {figures['floor']:.1f} s; "
        f"`hkclose backfill` {figures['backfill']:.1f} s, plain Dagster CLI "
        f"{figures['dagster_cli']:.1f} s, in-memory instance {figures['in_memory']:.1f} s; one day "
        f"{figures['day_empty']:.1f} s empty, {figures['day_history']:.1f} s on the range.\n{check}"
    )


if __name__ == "__main__":
    main()
