"""What dbt reads, declared in the working database before each build.

The raw lake appears as one view per kind (`raw.quotes`, ...: its Parquet files, partitioned by
trade_date), and the window of trading days the build replaces as two macros
(`run.window_start()`, `run.window_end()`: start <= trade_date < end). dbt reads both as data
rather than `--vars`, because dbt re-parses the whole project whenever its vars change (about 5 s):
with nothing varying from one run to the next, a run's dbt parses only what changed on disk. The
macros are constants, so DuckDB still prunes the lake's partitions to the window. The views stay
in the published warehouse: an analyst can query the raw lake from it.
"""

from datetime import date
from pathlib import Path

import duckdb

from pipelines.contract.schemas import RAW_KINDS


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def declare_build_inputs(database: Path, lake_dir: Path, start: date, end: date) -> None:
    """Point `raw.<kind>` at the lake and set the window `start <= trade_date < end`, in one transaction."""
    with duckdb.connect(str(database)) as con:
        con.execute("begin transaction")
        con.execute("create schema if not exists raw")
        con.execute("create schema if not exists run")
        for kind in RAW_KINDS:
            files = _literal(f"{lake_dir}/{kind}/*/*.parquet")
            con.execute(
                f"create or replace view raw.{kind} as select * from read_parquet({files}, hive_partitioning = true)"
            )
        con.execute(f"create or replace macro run.window_start() as date {_literal(start.isoformat())}")
        con.execute(f"create or replace macro run.window_end() as date {_literal(end.isoformat())}")
        con.execute("commit")
