"""The Dagster webserver and daemon as background services: started detached with their logs under
`warehouse/logs/`, their process ids kept in the service folder, stopped by process group (a
polite SIGTERM, then SIGKILL for what is still there after a grace period)."""

import os
import signal
import subprocess
import time
from pathlib import Path

# `dagster dev` was seen to ignore SIGINT and SIGTERM for over 20 s: wait that long, then escalate.
STOP_GRACE_SECONDS = 25.0


def start_detached(name: str, command: list[str], env: dict[str, str], cwd: Path, log_dir: Path, pid_dir: Path) -> int:
    """Start a command in its own session (process group), its output appended to `<name>.log`."""
    log_dir.mkdir(parents=True, exist_ok=True)
    pid_dir.mkdir(parents=True, exist_ok=True)
    with (log_dir / f"{name}.log").open("ab") as log:
        process = subprocess.Popen(
            command, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
    (pid_dir / f"{name}.pid").write_text(f"{process.pid}\n")
    return process.pid


def running_pid(pid_dir: Path, name: str) -> int | None:
    """The process id of a service that runs, else None (a stale pid file is removed)."""
    pid_file = pid_dir / f"{name}.pid"
    if not pid_file.exists():
        return None
    pid = int(pid_file.read_text().strip())
    if is_alive(pid):
        return pid
    pid_file.unlink(missing_ok=True)
    return None


def is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A child of this process that exited but was not reaped is a zombie, not a service.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return True
    return state != "Z"


def group_members(pgid: int) -> list[int]:
    """Live processes of a process group (the service and what it started: code servers, runs)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry.name))
    return members


def stop_group(pgid: int, grace: float = STOP_GRACE_SECONDS) -> str:
    """SIGTERM the process group, wait for it to go, SIGKILL what is left; says which it took."""
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        return "was not running"
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not group_members(pgid):
            return "stopped"
        time.sleep(0.2)
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        return "stopped"
    deadline = time.monotonic() + 10
    while group_members(pgid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return f"killed after {grace:.0f} s" if not group_members(pgid) else "still running after SIGKILL"


def wait_for_http(url: str, timeout: float, alive=lambda: True) -> bool:
    """Whether a URL answers 200 within the timeout (False at once when `alive()` says the server died)."""
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and alive():
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    return False
