"""One writer at a time, whatever Dagster's instance storage.

Every step that writes the warehouse (the lake, the working database, the reports) holds an
operating-system lock on `<warehouse>.writer.lock` while it writes. Dagster's pool already queues
such steps, but its slot claims are not atomic on the embedded SQLite instance: two runs started in
the same instant can both be granted the one slot. The lock is what makes the guarantee; the pool
keeps the waiting visible in the UI instead of inside a step. The kernel drops the lock of a
process that dies, so a killed run never leaves the warehouse locked.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from logging import Logger
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_TAKEN = "took the warehouse's writer lock"
LOCK_RELEASED = "released the warehouse's writer lock"
LOCK_WAITING = "waiting for the warehouse's writer lock"


def writer_lock_path(warehouse_path: Path) -> Path:
    return warehouse_path.with_name(warehouse_path.name + ".writer.lock")


class WarehouseBusy(RuntimeError):
    pass


@contextmanager
def one_writer(warehouse_path: Path, log: Logger, wait: bool = True) -> Iterator[None]:
    """Hold the warehouse's writer lock for the block, waiting (and saying so) while another holds
    it, or, with `wait=False`, raising WarehouseBusy at once."""
    path = writer_lock_path(warehouse_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if not wait:
            raise WarehouseBusy(
                f"a run is writing {warehouse_path} (it holds {path}): try again when it has ended"
            ) from None
        log.info("%s %s: another run is writing", LOCK_WAITING, path)
        lock.acquire()
    log.info("%s %s", LOCK_TAKEN, path)
    try:
        yield
    finally:
        lock.release()
        log.info("%s %s", LOCK_RELEASED, path)
