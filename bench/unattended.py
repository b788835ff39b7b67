"""A year unattended: drive the daily sensor through consecutive trading days, as the daemon would.

    python bench/unattended.py                      # 250 trading days from 2024-01-02 (about 45 minutes)
    python bench/unattended.py --days 20

Each calendar day the daily sensor's decision is taken at 16:30 Hong Kong time (the simulated
source publishes at once); each run it requests is executed against one persistent Dagster
instance and one warehouse. At the end every trading day must have exactly one set of mart rows and
one report, and no run may have failed.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
from dagster import AssetKey, DagsterInstance

PROJECT = Path(__file__).resolve().parents[1]


def drive(start: date, trading_days: int, instance: DagsterInstance, log=print) -> list[tuple[str, bool, float]]:
    """Take the daily sensor's decision day by day and execute what it requests; returns (day,
    success, seconds)."""
    from pipelines.config import Settings, environment_values
    from pipelines.definitions import DEFINITIONS
    from pipelines.defs.daily_sensor import daily_close_when_published, decide
    from pipelines.market.calendar import hkex_calendar
    from pipelines.sources.registry import source_from_settings

    job = DEFINITIONS.resolve_job_def("daily_close")
    source = source_from_settings(Settings.from_env())
    runs: list[tuple[str, bool, float]] = []
    day = start
    cursor = {"requested": hkex_calendar().previous_trading_day(start).isoformat()}  # the days before are done

    def report_written(trade_day: date) -> bool:
        return trade_day.isoformat() in instance.get_materialized_partitions(AssetKey("closing_report"))

    while len(runs) < trading_days:
        tick = datetime(day.year, day.month, day.day, 16, 30, tzinfo=ZoneInfo("Asia/Hong_Kong"))
        decided = decide(tick, cursor, source, report_written)
        cursor = decided.cursor
        if decided.run_day is not None:
            partition_key = decided.run_day.isoformat()
            started = time.perf_counter()
            result = job.execute_in_process(
                instance=instance,
                partition_key=partition_key,
                tags={"dagster/sensor_name": daily_close_when_published.name, "dagster/run_key": partition_key},
                run_config={
                    "loggers": {"console": {"config": {"log_level": "ERROR"}}},
                    # The environment's settings as they are now, as a code location loaded now has them.
                    "resources": {"hkclose": {"config": environment_values()}},
                },
                raise_on_error=False,
            )
            runs.append((partition_key, result.success, time.perf_counter() - started))
            log(f"{partition_key}: {'ok' if result.success else 'FAILED'} in {runs[-1][2]:.1f} s")
        day += timedelta(days=1)
    return runs


def problems(warehouse: Path, reports: Path, days: list[str]) -> list[str]:
    """What a person would have to fix: missing or duplicated days, missing reports."""
    found = []
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for mart, key in (
            ("market_breadth", "trade_date"),
            ("stock_daily", "trade_date, code"),
            ("index_daily", "trade_date, index_code"),
        ):
            total, distinct = con.execute(f"select count(*), count(distinct ({key})) from marts.{mart}").fetchone()
            if total != distinct:
                found.append(f"marts.{mart} has {total - distinct} duplicated rows")
        built = sorted(d.isoformat() for (d,) in con.execute("select trade_date from marts.market_breadth").fetchall())
    if built != sorted(days):
        found.append(f"marts.market_breadth holds {len(built)} days, the schedule ran {len(days)}")
    missing = [d for d in days if not (reports / d / "closing_report.md").exists()]
    if missing:
        found.append(f"no report for {', '.join(missing)}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--start", default="2024-01-02")
    parser.add_argument("--days", type=int, default=250)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hkclose-unattended-") as tmp:
        home = Path(tmp) / "dagster"
        home.mkdir()
        shutil.copy(PROJECT / "warehouse" / "dagster" / "dagster.yaml", home)
        os.environ.update(HKCLOSE_SOURCE="simulated", HKCLOSE_WAREHOUSE=f"{tmp}/hkclose.duckdb")
        instance = DagsterInstance.from_config(str(home))
        started = time.perf_counter()
        runs = drive(date.fromisoformat(options.start), options.days, instance)
        elapsed = time.perf_counter() - started
        failed = [d for d, ok, _ in runs if not ok]
        found = problems(Path(f"{tmp}/hkclose.duckdb"), Path(f"{tmp}/reports"), [d for d, _, _ in runs])
        seconds = sorted(s for _, _, s in runs)
        print(
            f"\n{len(runs)} runs from {runs[0][0]} to {runs[-1][0]} in {elapsed / 60:.1f} min; "
            f"per run median {seconds[len(seconds) // 2]:.1f} s, max {seconds[-1]:.1f} s; "
            f"failed: {len(failed)}; to fix by hand: {found or 'nothing'}"
        )
        sys.exit(1 if failed or found else 0)


if __name__ == "__main__":
    main()
