"""The warehouse analysts open is published, never built in place.

DuckDB allows one writing process and no other process while it writes, so the pipeline builds in
a private working database (`.work/` beside the warehouse) and, at the end of a successful build,
copies it beside the published file and renames it over it. A rename is atomic: a session that is
open keeps reading the previous file, a new session opens the new one, and an analyst's session
can never make a run fail. A run that dies leaves its marker behind, so the next run starts again
from the published warehouse: the published state is always that of a whole, successful build.

The warehouse published before is kept as one generation (`<name>.previous`, a hard link, so it
costs no copy): `rollback` puts it back if a publish turns out bad.
"""

import logging
import os
import shutil
from pathlib import Path

import duckdb

from pipelines.config import Settings
from pipelines.files import fsync, replaced_atomically, temporary_path
from pipelines.lake.storage import in_storage_version

BUILDING_MARKER = "BUILDING"


def _remove_database(path: Path) -> None:
    for file in (path, path.with_name(path.name + ".wal")):
        file.unlink(missing_ok=True)


def open_working_copy(settings: Settings, log: logging.Logger) -> Path:
    """The database this run builds in: kept from the last successful run, else the published one,
    else a new one; in the storage format of the settings (storage.py)."""
    working = settings.working_path
    marker = working.parent / BUILDING_MARKER
    working.parent.mkdir(parents=True, exist_ok=True)
    if marker.exists() or not working.exists():
        # The last build did not finish (or there is none yet): start from what was published.
        _remove_database(working)
        if settings.warehouse_path.exists():
            shutil.copyfile(settings.warehouse_path, working)
    marker.touch()
    in_storage_version(working, settings.storage_version, log)
    return working


def publish(settings: Settings) -> Path:
    """Copy the working database beside the published one and rename it into place."""
    working, published = settings.working_path, settings.warehouse_path
    with duckdb.connect(str(working)) as con:
        con.execute("checkpoint")  # everything in the file itself, nothing left in a WAL
    with replaced_atomically(published, durable=True) as staged:
        shutil.copyfile(working, staged)
        # A WAL left beside the published file would be replayed into the new one when it is opened.
        published.with_name(published.name + ".wal").unlink(missing_ok=True)
        if published.exists():
            _keep_as_previous(published)
    (working.parent / BUILDING_MARKER).unlink(missing_ok=True)
    return published


def previous_path(published: Path) -> Path:
    return published.with_name(published.name + ".previous")


def _keep_as_previous(published: Path) -> None:
    """Link the published file as the previous generation (replacing the one before)."""
    previous = previous_path(published)
    if previous.exists() and previous.samefile(published):
        # A publish killed after this step already made the link; renaming a second link of the
        # same file over it would do nothing and leave the second link behind.
        return
    with replaced_atomically(previous) as linked:
        os.link(published, linked)


class NothingToRollBack(RuntimeError):
    pass


def rollback(settings: Settings) -> Path:
    """Put the previous generation back as the published warehouse; the one it replaces becomes the
    previous generation, so a second rollback undoes the first. The next run starts from it."""
    published = settings.warehouse_path
    previous = previous_path(published)
    if not previous.exists():
        raise NothingToRollBack(f"no previous generation of {published} to roll back to ({previous.name} is missing)")
    current = temporary_path(published)
    os.link(published, current)
    published.with_name(published.name + ".wal").unlink(missing_ok=True)
    os.replace(previous, published)
    os.replace(current, previous)
    fsync(published.parent)
    # The working copy holds the build that was rolled back: the next run starts from the published one.
    settings.working_path.parent.mkdir(parents=True, exist_ok=True)
    (settings.working_path.parent / BUILDING_MARKER).touch()
    return published
