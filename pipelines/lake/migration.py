"""Marts built by an earlier version: found before a build, then rebuilt whole from the lake.

Marts are incremental (a run replaces its window of days) and `on_schema_change: fail`. So a
version that adds, drops or retypes a mart's column, or adds a mart, would fail its first run on a
warehouse built before it, or leave a new mart holding the run's days only. Before each build the
working database's marts are compared with the columns the dbt project declares (its enforced
contracts); when any mart differs or is missing, that build is a full refresh over every day in
the lake, so no mart holds days of two shapes. It costs one full build (about 35 s for ten
years), once, on the first run of a new version.
"""

from collections.abc import Mapping
from datetime import date
from pathlib import Path

import duckdb

# The window of a full rebuild: every day the lake may hold.
EVERY_DAY = (date(1900, 1, 1), date(2999, 12, 31))


def _resolved(con: duckdb.DuckDBPyConnection, type_name: str) -> str:
    """A declared type as DuckDB names it (`varchar[]` -> `VARCHAR[]`, `integer` -> `INTEGER`)."""
    return str(con.sql(f"select null::{type_name}").types[0])


def outdated_marts(database: Path, declared: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """Each declared mart the database holds in another shape, or lacks while it holds others: why.

    `declared` maps a mart to its columns and their declared types. A database without any mart
    (a new warehouse) has nothing outdated: its first build creates them.
    """
    if not database.exists():
        return {}
    with duckdb.connect(str(database), read_only=True) as con:
        found: dict[str, dict[str, str]] = {}
        for table, column, data_type in con.execute(
            "select table_name, column_name, data_type from information_schema.columns "
            "where table_schema = 'marts' and table_catalog = current_database()"
        ).fetchall():
            found.setdefault(table, {})[column] = data_type.upper()
        if not found.keys() & declared.keys():
            return {}
        types = {type_name for columns in declared.values() for type_name in columns.values()}
        resolved = {type_name: _resolved(con, type_name) for type_name in types}
        outdated = {}
        for mart, columns in declared.items():
            if mart not in found:
                outdated[mart] = "missing"
                continue
            wanted = {column: resolved[type_name] for column, type_name in columns.items()}
            differences = [
                f"{column} {found[mart].get(column, 'missing')} instead of {wanted.get(column, 'none')}"
                for column in sorted(wanted.keys() | found[mart].keys())
                if found[mart].get(column) != wanted.get(column)
            ]
            if differences:
                outdated[mart] = ", ".join(differences)
    return outdated
