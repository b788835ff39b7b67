"""Keep the raw lake in the columns the contract declares, across versions.

Each kind's Parquet files carry the columns of the version that landed them. When a version adds a
column to a kind (fx's `rate_date`, ...), the files landed before lack it, and a view over files
of two shapes fails. So, before a run lands or builds, the lake is upgraded once: every file of a
kind whose columns differ from the declared ones is rewritten with the missing columns as nulls
(each file atomically, by rename), and `_columns.json` records the columns the lake now holds, so
later runs check one small file instead of every file's footer.
"""

import json
import logging
import time
from pathlib import Path

import polars as pl

from pipelines.contract.schemas import RAW_KINDS, empty_frame, lake_columns
from pipelines.files import replaced_atomically, write_atomically

RECORD = "_columns.json"


def declared_columns() -> dict[str, list[str]]:
    return {kind: lake_columns(kind) for kind in RAW_KINDS}


def _recorded(lake_dir: Path) -> dict[str, list[str]]:
    path = lake_dir / RECORD
    return json.loads(path.read_text()) if path.exists() else {}


def _rewrite(path: Path, kind: str) -> None:
    columns = lake_columns(kind)
    dtypes = empty_frame(kind).with_columns(pl.selectors.enum().cast(pl.String)).schema
    frame = pl.read_parquet(path)
    frame = frame.with_columns(pl.lit(None, dtypes[c]).alias(c) for c in columns if c not in frame.columns)
    with replaced_atomically(path) as temporary:
        frame.select(columns).write_parquet(temporary, statistics=False)


def upgrade_lake(lake_dir: Path, log: logging.Logger) -> int:
    """Rewrite the files of every kind landed in other columns; the number of files rewritten."""
    declared = declared_columns()
    recorded = _recorded(lake_dir)
    if recorded == declared:
        return 0
    started = time.perf_counter()
    rewritten = 0
    for kind, columns in declared.items():
        if recorded.get(kind) == columns:
            continue
        for path in sorted((lake_dir / kind).glob("trade_date=*/data.parquet")):
            if list(pl.read_parquet_schema(path)) != columns:
                _rewrite(path, kind)
                rewritten += 1
    if rewritten:
        log.warning(
            "upgraded the raw lake in %s to this version's columns: %d files rewritten in %.1f s",
            *(lake_dir, rewritten, time.perf_counter() - started),
        )
    write_atomically(lake_dir / RECORD, json.dumps(declared, indent=1) + "\n")
    return rewritten
