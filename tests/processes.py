"""Processes a test starts: each in its own process group, killed with everything it started (dbt
included) when the test ends, whatever happened; its output read line by line with a deadline."""

import contextlib
import os
import queue
import signal
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# Longer than any command of the tests takes on a slow day; short of pytest's own timeout.
RUN_TIMEOUT_SECONDS = 600


@contextmanager
def started(args: list[str], **popen: object) -> Iterator[subprocess.Popen]:
    """`args` running for the block; its whole process group is killed when the block ends."""
    process = subprocess.Popen(args, start_new_session=True, **popen)
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):  # the group ended by itself
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def run_to_end(args: list[str], timeout: float = RUN_TIMEOUT_SECONDS, **popen: object) -> subprocess.CompletedProcess:
    """`args` run to its end, its output captured as text; TimeoutExpired after `timeout` s, its
    process group killed either way."""
    with started(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen) as process:
        stdout, stderr = process.communicate(timeout=timeout)
    return subprocess.CompletedProcess(args, process.returncode, stdout, stderr)


class Lines:
    """A process's output, line by line: `next` waits for the next line up to a deadline and fails
    (with what was read) at the end of the output or past the deadline, never hanging."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.read: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, args=(process.stdout,), daemon=True).start()

    def _pump(self, stream) -> None:
        try:
            for line in stream:
                self._lines.put(line)
        except ValueError:
            pass  # closed as the test ended
        self._lines.put(None)

    def next(self, timeout: float = 120) -> str:
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no line in {timeout:g} s; read so far:\n{''.join(self.read)}") from None
        if line is None:
            raise AssertionError(f"the output ended; read:\n{''.join(self.read)}")
        self.read.append(line)
        return line
