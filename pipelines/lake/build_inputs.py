"""What a dbt build reads, declared in the working database before it, and which nodes it runs.

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
import polars as pl

from pipelines.contract.schemas import RAW_KINDS, empty_frame, lake_columns

# What a build runs. The marts are the partitioned assets. Reference data (seeds, and the calendar
# built from them) has no trading days: the same dbt invocation rebuilds it, but it is not a
# partitioned asset, since each partitioned asset costs Dagster one materialization event per day
# of a run. The reference data's tests check committed files: they run in the test suite.
MART_NODES = "path:models/marts"
REFERENCE_NODES = "resource_type:seed path:models/reference"
REFERENCE_TESTS = "resource_type:test,tag:reference"

DUCKDB_TYPES = {pl.String: "varchar", pl.Float64: "double", pl.Int64: "bigint", pl.Date: "date", pl.Boolean: "boolean"}


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _no_rows(kind: str) -> str:
    """A query of a kind's lake columns with no rows: the view of a kind no day has landed yet."""
    dtypes = empty_frame(kind).with_columns(pl.selectors.enum().cast(pl.String)).schema
    columns = [f"null::{DUCKDB_TYPES[dtypes[c]]} as {c}" for c in lake_columns(kind)]
    return f"select {', '.join(columns)}, null::date as trade_date where false"


def declare_build_inputs(database: Path, lake_dir: Path, start: date, end: date) -> None:
    """Point `raw.<kind>` at the lake and set the window `start <= trade_date < end`, in one transaction."""
    with duckdb.connect(str(database)) as con:
        con.execute("begin transaction")
        con.execute("create schema if not exists raw")
        con.execute("create schema if not exists run")
        for kind in RAW_KINDS:
            files = _literal(f"{lake_dir}/{kind}/*/*.parquet")
            landed = any((lake_dir / kind).glob("*/*.parquet"))
            query = f"select * from read_parquet({files}, hive_partitioning = true)" if landed else _no_rows(kind)
            con.execute(f"create or replace view raw.{kind} as {query}")
        con.execute(f"create or replace macro run.window_start() as date {_literal(start.isoformat())}")
        con.execute(f"create or replace macro run.window_end() as date {_literal(end.isoformat())}")
        con.execute("commit")
