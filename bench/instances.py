"""Ten years through Dagster (`hkclose backfill`) on the embedded SQLite instance and on the
production PostgreSQL one (deploy/dagster.yaml), one after the other, and where the time goes on
each: the steps' own work, the events Dagster stores (by type), and what one stored event costs.

    python bench/instances.py                    # 2015-01-02 .. 2024-12-31 (about 20 minutes)
    python bench/instances.py --end 2015-12-31   # one year

Needs Debian's PostgreSQL server (`make postgresql`). Prints a Markdown table (docs/performance.md).
"""

import argparse
import os
import re
import shutil
import socket
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from backfill import HKCLOSE, PROJECT, folder_size, machine, measured

from pipelines.services.postgres import Cluster
from pipelines.services.service import default_pg_dir

EVENTS_TIMED = 2_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sqlite_events(home: Path) -> dict[str, int]:
    """Event rows by type, over the index and every run's database of a SQLite instance."""
    counts: dict[str, int] = {}
    for database in [home / "history" / "runs.db", *(home / "history" / "runs").glob("*.db")]:
        if not database.exists():
            continue
        with sqlite3.connect(database) as con:
            tables = {name for (name,) in con.execute("select name from sqlite_master where type = 'table'")}
            if "event_logs" not in tables:
                continue
            for kind, count in con.execute("select dagster_event_type, count(*) from event_logs group by 1"):
                counts[kind or "(log message)"] = counts.get(kind or "(log message)", 0) + count
    return counts


def postgres_events(cluster: Cluster) -> dict[str, int]:
    rows = cluster.psql("select coalesce(dagster_event_type, '(log message)'), count(*) from event_logs group by 1")
    return {kind: int(count) for kind, count in (line.split("|") for line in rows.splitlines())}


def event_write_seconds(home: Path, env: dict[str, str]) -> float:
    """Seconds to store one engine event (the mean of EVENTS_TIMED) in the instance at `home`."""
    code = f"""
import time
from dagster import DagsterInstance
from dagster._core.test_utils import create_run_for_test
with DagsterInstance.from_config({str(home)!r}) as instance:
    run = create_run_for_test(instance, job_name="bench")
    started = time.perf_counter()
    for n in range({EVENTS_TIMED}):
        instance.report_engine_event(f"event {{n}}", run)
    print(f"SECONDS {{(time.perf_counter() - started) / {EVENTS_TIMED}}}")
"""
    _, _, out = measured([sys.executable, "-c", code], env)
    return float(re.search(r"SECONDS ([\d.e-]+)", out).group(1))


def backfill(home: Path, root: Path, start: str, end: str, env: dict[str, str]) -> tuple[float, float, dict]:
    env = {**env, "DAGSTER_HOME": str(home), "HKCLOSE_WAREHOUSE": f"{root}/hkclose.duckdb"}
    seconds, peak, out = measured([HKCLOSE, "backfill", start, end, "--source", "simulated"], env)
    steps = {m[1]: float(m[2]) for m in re.finditer(r"^\s+(\w+)\s+([\d.]+) s", out, re.MULTILINE)}
    return seconds, peak, steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--start", default="2015-01-02")
    parser.add_argument("--end", default="2024-12-31")
    options = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HKCLOSE_", "DAGSTER_HOME"))}
    print(f"machine: {machine()}\nrange: {options.start} .. {options.end}\n", flush=True)
    results = {}
    with tempfile.TemporaryDirectory(prefix="hkclose-instances-") as tmp:
        # SQLite: the embedded instance's own dagster.yaml.
        home = Path(tmp, "sqlite", "dagster")
        home.mkdir(parents=True)
        shutil.copy(PROJECT / "warehouse" / "dagster" / "dagster.yaml", home)
        seconds, peak, steps = backfill(home, Path(tmp, "sqlite"), options.start, options.end, env)
        events = sqlite_events(home)
        size = folder_size(str(home))
        per_event = event_write_seconds(home, env)
        results["SQLite"] = (seconds, peak, steps, events, size, per_event)
        print(f"SQLite: {seconds:.1f} s, {sum(events.values()):,} events, {size / 1e6:.0f} MB", flush=True)

        # PostgreSQL: a cluster of its own, the production dagster.yaml.
        root = Path(tmp, "postgresql")
        cluster = Cluster(default_pg_dir(root) if os.geteuid() == 0 else root / "postgres", free_port())
        try:
            cluster.start()
            home = root / "dagster"
            home.mkdir(parents=True)
            (home / "dagster.yaml").symlink_to(PROJECT / "deploy" / "dagster.yaml")
            pg_env = {**env, "HKCLOSE_PG_URL": cluster.url}
            seconds, peak, steps = backfill(home, root, options.start, options.end, pg_env)
            events = postgres_events(cluster)
            size = int(cluster.psql("select pg_database_size('dagster')"))
            per_event = event_write_seconds(home, pg_env)
            results["PostgreSQL"] = (seconds, peak, steps, events, size, per_event)
            print(f"PostgreSQL: {seconds:.1f} s, {sum(events.values()):,} events, {size / 1e6:.0f} MB", flush=True)
        finally:
            cluster.stop()
            shutil.rmtree(cluster.data_dir, ignore_errors=True)

    header = (
        "instance",
        "whole run",
        "raw",
        "dbt",
        "report",
        "outside the steps",
        "events",
        "one event",
        "size",
        "peak",
    )
    print("\n| " + " | ".join(header) + " |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, (seconds, peak, steps, events, size, per_event) in results.items():
        work = sum(v for k, v in steps.items() if k != "total")
        print(
            f"| {name} | {seconds:.1f} s | {steps.get('raw__lake', 0):.1f} s "
            f"| {steps.get('hkclose_dbt_models', 0):.1f} s "
            f"| {steps.get('closing_report', 0):.1f} s | {seconds - work:.1f} s | {sum(events.values()):,} "
            f"| {per_event * 1000:.2f} ms | {size / 1e6:,.0f} MB | {peak:,.0f} MiB |"
        )
    for name, (*_, events, _size, _per_event) in results.items():
        top = ", ".join(f"{kind} {count:,}" for kind, count in sorted(events.items(), key=lambda kv: -kv[1])[:6])
        print(f"\n{name} events by type: {top}")


if __name__ == "__main__":
    main()
