"""Growth: how the warehouse's size and the marts, a one-day run and publishing grow with the
number of securities, on simulated lakes of about 3,000, 8,000 and 16,000 securities (the
simulator plus warrants and CBBCs), each over ten years, extrapolated to twenty.

    python bench/growth.py                      # 2015-01-02 .. 2024-12-31, three scales (about 30 minutes)
    python bench/growth.py --end 2015-12-31     # a shorter range

Each part runs in a fresh process on a temporary warehouse per scale: the lake (ingest), the
marts' full build, a one-day run's work on top of the history (the marts' window of the next
trading day and its report, median of 3) and publishing (median of 3). Prints a Markdown table
(docs/performance.md, "Growth", comes from it).
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from backfill import PARTS, PYTHON, folder_size, machine, measured

# Warrants and CBBCs added to the simulated market (about 3,000 securities a day in 2024 without).
SCALES = (0, 5_000, 13_000)
DAY = "2025-01-02"
TRADING_DAYS_A_YEAR = 246

INGEST = """
import logging
from datetime import date
from pathlib import Path
from pipelines.lake.ingest import ingest
from pipelines.market.calendar import hkex_calendar
from pipelines.sources.simulated import SimulatedSource
days = hkex_calendar().trading_days(date.fromisoformat(START), date.fromisoformat(END))
ingest(SimulatedSource(EXTRA), days, Path(ROOT) / "lake", logging.getLogger("bench"))
"""
# The marts' full build, as the backfill benchmark runs it.
MARTS = PARTS["dbt"]
REPORT = """
from datetime import date
from pathlib import Path
from pipelines.report.closing import write_closing_reports
provenance = {"en": "bench", "zh-HK": "bench"}
write_closing_reports(Path(ROOT) / "hkclose.duckdb", [date.fromisoformat(START)], provenance, Path(ROOT) / "reports")
"""
PUBLISH = """
from pipelines.config import Settings
from pipelines.lake.publish import publish
publish(Settings.from_env())
"""


def part(code: str, root: str, start: str, end: str, extra: int, env: dict[str, str]) -> float:
    header = f"import sys\nROOT, START, END, EXTRA = {root!r}, {start!r}, {end!r}, {extra}\n"
    seconds, _, _ = measured([PYTHON, "-c", header + code], env)
    return seconds


def stock_rows(warehouse: str) -> tuple[int, int]:
    import duckdb

    with duckdb.connect(warehouse, read_only=True) as con:
        return con.execute("select count(*), count(distinct trade_date) from marts.stock_daily").fetchone()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--start", default="2015-01-02")
    parser.add_argument("--end", default="2024-12-31")
    parser.add_argument("--scales", default=",".join(str(s) for s in SCALES), help="warrants and CBBCs added")
    options = parser.parse_args()
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("HKCLOSE_", "DAGSTER_HOME"))}
    print(f"machine: {machine()}\nrange: {options.start} .. {options.end}\n", flush=True)
    rows = []
    for extra in (int(s) for s in options.scales.split(",")):
        with tempfile.TemporaryDirectory(prefix="hkclose-growth-") as root:
            env = {
                **base_env,
                "HKCLOSE_SOURCE": "simulated",
                "HKCLOSE_WAREHOUSE": f"{root}/hkclose.duckdb",
            }
            ingest = part(INGEST, root, options.start, options.end, extra, env)
            part(INGEST, root, DAY, DAY, extra, env)  # the day after the range, for the one-day run
            marts = part(MARTS, root, options.start, options.end, extra, env)
            warehouse = f"{root}/hkclose.duckdb"
            rows_total, days = stock_rows(warehouse)
            securities = rows_total / days
            # A daily run's work on top of the history: the marts' window of one day, then its report.
            day_runs = [
                part(MARTS, root, DAY, DAY, extra, env) + part(REPORT, root, DAY, DAY, extra, env) for _ in range(3)
            ]
            # Publishing copies the working database beside the published one and renames it.
            Path(root, ".work").mkdir()
            shutil.copyfile(warehouse, f"{root}/.work/hkclose.duckdb")
            publishes = [part(PUBLISH, root, options.start, options.end, extra, env) for _ in range(3)]
            size = Path(warehouse).stat().st_size
            lake = folder_size(f"{root}/lake")
            row = {
                "securities": securities,
                "rows": rows_total,
                "years": days / TRADING_DAYS_A_YEAR,
                "ingest": ingest,
                "marts": marts,
                "day": statistics.median(day_runs),
                "publish": statistics.median(publishes),
                "warehouse_mb": size / 1e6,
                "lake_mb": lake / 1e6,
            }
            rows.append(row)
            runs = ", ".join(f"{d:.1f}" for d in day_runs)
            print(
                f"{securities:8,.0f} securities a day: stock_daily {rows_total:,} rows; ingest {ingest:.1f} s, "
                f"marts {marts:.1f} s, one day {row['day']:.1f} s ({runs}), publish {row['publish']:.2f} s; "
                f"warehouse {row['warehouse_mb']:.0f} MB, lake {row['lake_mb']:.0f} MB",
                flush=True,
            )

    print(
        "\n| securities a day | stock_daily rows | warehouse | lake | marts (full build) | one-day run | publishing |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {r['securities']:,.0f} | {r['rows']:,} | {r['warehouse_mb']:,.0f} MB | {r['lake_mb']:,.0f} MB "
            f"| {r['marts']:.1f} s | {r['day']:.1f} s | {r['publish']:.2f} s |"
        )
    print("\nExtrapolated to twenty years (sizes, full builds and publishing linear in years):")
    print("| securities a day | warehouse | marts (full build) | publishing |")
    print("| --- | --- | --- | --- |")
    for r in rows:
        factor = 20 / r["years"]
        print(
            f"| {r['securities']:,.0f} | {r['warehouse_mb'] * factor / 1e3:,.1f} GB | {r['marts'] * factor:,.0f} s "
            f"| {r['publish'] * factor:.1f} s |"
        )


if __name__ == "__main__":
    main()
