"""One writer at a time, whatever Dagster's instance storage.

A run that writes the warehouse (the lake, the working database, the reports) holds an
operating-system lock on `<warehouse>.writer.lock` from its start to its end, and says who it is in
`<warehouse>.writer.json`, so a run that waits can name the one it waits for. The kernel drops the
lock of a process that dies, so a killed run never leaves the warehouse locked. Waiting is a
blocking lock call that wakes every few seconds to say so: it costs no CPU.
"""

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from logging import Logger
from pathlib import Path

from filelock import FileLock, Timeout

from pipelines.files import write_atomically

LOCK_TAKEN = "took the warehouse's writer lock"
LOCK_RELEASED = "released the warehouse's writer lock"
LOCK_WAITING = "waiting for the warehouse's writer lock"
# How often a waiting writer says that it still waits, and for whom.
REPORT_EVERY_SECONDS = 5.0


def writer_lock_path(warehouse_path: Path) -> Path:
    return warehouse_path.with_name(warehouse_path.name + ".writer.lock")


def writer_holder_path(warehouse_path: Path) -> Path:
    return warehouse_path.with_name(warehouse_path.name + ".writer.json")


class WarehouseBusy(RuntimeError):
    pass


def holder_of(warehouse_path: Path) -> str:
    """Who holds the writer lock, as the holder wrote it when it took the lock."""
    try:
        holder = json.loads(writer_holder_path(warehouse_path).read_text())
    except (OSError, ValueError):
        return "another process"
    return f"{holder['who']} (pid {holder['pid']}, since {holder['since']})"


@contextmanager
def one_writer(
    warehouse_path: Path,
    log: Logger,
    who: str,
    wait: bool = True,
    report_every: float = REPORT_EVERY_SECONDS,
) -> Iterator[None]:
    """Hold the warehouse's writer lock for the block as `who` (a run, a command). While another
    holds it, wait, saying every `report_every` seconds who that is; with `wait=False`, raise
    WarehouseBusy at once."""
    path = writer_lock_path(warehouse_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if not wait:
            raise WarehouseBusy(
                f"{holder_of(warehouse_path)} is writing {warehouse_path}: try again when it has ended"
            ) from None
        started = time.monotonic()
        while True:
            log.info(
                "%s %s: %s is writing (waited %.0f s; Ctrl-C stops this run)",
                *(LOCK_WAITING, path, holder_of(warehouse_path), time.monotonic() - started),
            )
            try:
                lock.acquire(timeout=report_every, poll_interval=0.5)
                break
            except Timeout:
                continue
    holder = {"who": who, "pid": os.getpid(), "since": datetime.now().astimezone().isoformat(timespec="seconds")}
    write_atomically(writer_holder_path(warehouse_path), json.dumps(holder) + "\n")
    log.info("%s %s", LOCK_TAKEN, path)
    try:
        yield
    finally:
        lock.release()
        log.info("%s %s", LOCK_RELEASED, path)
