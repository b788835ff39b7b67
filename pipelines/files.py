"""Files published atomically: every file hkclose publishes (a lake file, the warehouse, a report, a
kept download) is written under a temporary name beside its final one, then renamed over it, so a
reader sees the old file or the new one, never half of one.

Every temporary name has one shape, `.<final name>.<random>.partial`, so what a killed process
left behind is found by one pattern (`remove_leftovers`), which each run calls under the
warehouse's writer lock before it writes anything.

Layer 0: imports nothing of `pipelines`.
"""

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TEMPORARY_SUFFIX = ".partial"


def temporary_path(path: Path) -> Path:
    """A fresh temporary name beside `path` (same folder, so a rename is atomic)."""
    return path.with_name(f".{path.name}.{uuid.uuid4().hex[:12]}{TEMPORARY_SUFFIX}")


def fsync(path: Path) -> None:
    """Flush a file's (or a folder's) content to disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def replaced_atomically(path: Path, durable: bool = False) -> Iterator[Path]:
    """A temporary path to write; renamed over `path` when the block ends without error, removed
    when it raises. `durable` flushes the file and the rename to disk (the published warehouse)."""
    temporary = temporary_path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        yield temporary
        if durable:
            fsync(temporary)
        os.replace(temporary, path)
        if durable:
            fsync(path.parent)
    except BaseException:
        _remove(temporary)
        raise


def write_atomically(path: Path, content: bytes | str) -> None:
    """Write `content` (text as UTF-8) to `path`, atomically."""
    with replaced_atomically(path) as temporary:
        if isinstance(content, str):
            temporary.write_text(content, encoding="utf-8")
        else:
            temporary.write_bytes(content)


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files and folders a killed process left directly in `folder`."""
    found = sorted(folder.glob(f".*{TEMPORARY_SUFFIX}")) if folder.is_dir() else []
    for path in found:
        _remove(path)
    return found


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
