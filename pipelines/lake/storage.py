"""The warehouse's storage format: one that the DuckDB an analyst has can open.

DuckDB writes a new database in its newest storage format by default (DuckDB 2.0: a file no 1.x
release opens, the 1.x command line and DuckDB 1.4 LTS included). hkclose creates the warehouse in
the format of `Settings.storage_version` (`HKCLOSE_STORAGE_VERSION`, default v1.4.0: read by
DuckDB 1.4 and every later release), which DuckDB keeps when the file is opened and written again,
and moves a warehouse of another format over once: a copy of every table, view and macro into a
new file of that format, renamed over the working copy before the build (docs/marts.md#opening-it).
"""

import logging
import tempfile
import time
from functools import cache
from pathlib import Path

import duckdb

from pipelines.files import replaced_atomically


class UnknownStorageVersion(ValueError):
    """HKCLOSE_STORAGE_VERSION names no storage format this DuckDB knows."""


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _tag(con: duckdb.DuckDBPyConnection, alias: str) -> str:
    [(tags,)] = con.execute("select tags from duckdb_databases() where database_name = ?", [alias]).fetchall()
    return tags.get("storage_version", "")


@cache
def format_of(version: str) -> str:
    """The storage format a version writes ("v1.4.0+"), as DuckDB tags a database of it."""
    with tempfile.TemporaryDirectory() as folder, duckdb.connect() as con:
        try:
            probe = _literal(str(Path(folder) / "probe.duckdb"))
            con.execute(f"attach {probe} as probe (storage_version {_literal(version)})")
        except duckdb.InvalidInputException as error:
            raise UnknownStorageVersion(f"HKCLOSE_STORAGE_VERSION={version}: {error}") from None
        return _tag(con, "probe")


def format_of_file(database: Path) -> str:
    with duckdb.connect(str(database), read_only=True) as con:
        return _tag(con, con.execute("select current_database()").fetchone()[0])


def create(database: Path, version: str) -> None:
    """A new, empty database file of the version's storage format."""
    with duckdb.connect() as con:
        con.execute(f"attach {_literal(str(database))} as created (storage_version {_literal(version)})")
        con.execute("detach created")


def convert(database: Path, version: str) -> None:
    """Rewrite the database in the version's format: every schema, table, view and macro copied
    into a new file, renamed over it (a reader never sees half a file)."""
    with replaced_atomically(database) as staged, duckdb.connect() as con:
        con.execute(f"attach {_literal(str(database))} as source (read_only)")
        con.execute(f"attach {_literal(str(staged))} as target (storage_version {_literal(version)})")
        con.execute("copy from database source to target")
        con.execute("detach target")
        con.execute("detach source")
    database.with_name(database.name + ".wal").unlink(missing_ok=True)


def in_storage_version(database: Path, version: str, log: logging.Logger) -> bool:
    """The database in the version's format: created so when it does not exist, moved over once
    when it is of another. True when it was moved."""
    wanted = format_of(version)
    if not database.exists():
        create(database, version)
        return False
    found = format_of_file(database)
    if found == wanted:
        return False
    started = time.perf_counter()
    convert(database, version)
    log.warning(
        "moved the warehouse %s from storage format %s to %s (HKCLOSE_STORAGE_VERSION=%s) in %.1f s",
        *(database, found, wanted, version, time.perf_counter() - started),
    )
    return True
