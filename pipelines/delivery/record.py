"""The record of what was delivered: `sent.jsonl`, one JSON line per send or failure, beside the warehouse.

It is what makes delivery happen once: a (day, channel, language) is sent again only for a version
of the report never sent before. The sensor and the CLI may deliver at the same moment, so a
deliverer holds the record's file lock from reading it, through sending, to appending the line:
two deliverers never both send. A line torn by a crash is skipped on reading, and the next line
starts on a fresh line.

Lines: `{"day", "channel", "language", "version", "message_id", "correction", "at"}` for a send,
`{"day", "channel", "language", "version", "failed", "at"}` for a failed attempt.
"""

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from filelock import FileLock

RECORD_FILE = "sent.jsonl"
LOCK_FILE = "sent.jsonl.lock"
# Longer than one send takes (each SMTP step is bounded by 30 s), so a waiting deliverer finds the record updated.
LOCK_TIMEOUT_SECONDS = 300.0


@dataclass(frozen=True)
class History:
    """What the record says of one (day, channel, language)."""

    sent_versions: tuple[str, ...]
    failures: tuple[tuple[str, str], ...]  # (version, why), oldest first

    def was_sent(self, version: str) -> bool:
        return version in self.sent_versions

    def has_failed(self, version: str) -> bool:
        return any(failed_version == version for failed_version, _ in self.failures)

    def last_failure(self, version: str) -> str | None:
        reasons = [why for failed_version, why in self.failures if failed_version == version]
        return reasons[-1] if reasons else None


class DeliveryRecord:
    """`sent.jsonl` in `folder`; `locked()` around check, send and append."""

    def __init__(self, folder: Path, lock_timeout: float = LOCK_TIMEOUT_SECONDS) -> None:
        self.folder = folder
        self.path = folder / RECORD_FILE
        self._lock = FileLock(folder / LOCK_FILE, timeout=lock_timeout)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the record for one check-send-append; filelock.Timeout when another deliverer keeps it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._lock:
            yield

    def lines(self) -> list[dict]:
        """Every readable line, oldest first."""
        if not self.path.exists():
            return []
        found = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue  # torn by a crash mid-write
            if isinstance(entry, dict):
                found.append(entry)
        return found

    def history(self, day: date, channel: str, language: str) -> History:
        key = (day.isoformat(), channel, language)
        mine = [e for e in self.lines() if (e.get("day"), e.get("channel"), e.get("language")) == key]
        return History(
            sent_versions=tuple(e["version"] for e in mine if "failed" not in e),
            failures=tuple((e["version"], e["failed"]) for e in mine if "failed" in e),
        )

    def append_sent(
        self, day: date, channel: str, language: str, version: str, message_id: str, correction: bool
    ) -> None:
        self._append(
            {
                "day": day.isoformat(),
                "channel": channel,
                "language": language,
                "version": version,
                "message_id": message_id,
                "correction": correction,
                "at": _now(),
            }
        )

    def append_failed(self, day: date, channel: str, language: str, version: str, why: str) -> None:
        self._append(
            {
                "day": day.isoformat(),
                "channel": channel,
                "language": language,
                "version": version,
                "failed": why,
                "at": _now(),
            }
        )

    def _append(self, entry: dict) -> None:
        """One line, flushed to disk before the lock is let go (a send is recorded before the next one reads)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        line = json.dumps(entry, ensure_ascii=False).encode() + b"\n"
        with self.path.open("a+b") as record:
            size = record.seek(0, os.SEEK_END)
            if size:
                record.seek(size - 1)
                if record.read(1) != b"\n":  # a line torn by a crash: start a new one
                    line = b"\n" + line
            record.write(line)
            record.flush()
            os.fsync(record.fileno())


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
