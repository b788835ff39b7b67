"""The services under supervisord: it starts each program in its own process group, restarts one
that dies (and logs it), and stops each with the signal it expects, the whole group at once.

The configuration is written from the programs hkclose runs (`Program`) into the service folder,
with supervisord's control socket beside it (mode 0700), and read by `supervisord -c` and
`supervisorctl -c` alike. hkclose talks to a running supervisord through its XML-RPC interface.
supervisord drops privileges per program (`user=`) only when it runs as root: as another user,
every program runs as that user.
"""

import configparser
import subprocess
import sys
import time
import xmlrpc.client
from dataclasses import dataclass, field
from pathlib import Path

import psutil
from supervisor.xmlrpc import SupervisorTransport

CONFIG_FILE = "supervisord.conf"
SOCKET_FILE = "supervisor.sock"
PID_FILE = "supervisord.pid"


@dataclass(frozen=True)
class Program:
    name: str
    command: list[str]
    stop_signal: str = "TERM"
    stop_wait_seconds: int = 30
    user: str | None = None  # as whom to run it (supervisord running as root only)
    priority: int = 100  # lower starts first and stops last
    directory: str = "/"
    environment: dict[str, str] = field(default_factory=dict)


def write_config(service_dir: Path, log_dir: Path, programs: list[Program]) -> Path:
    """supervisord.conf in the service folder, for these programs; returns its path."""
    config = configparser.ConfigParser(interpolation=None)
    config["supervisord"] = {
        "logfile": str(log_dir / "supervisord.log"),
        "pidfile": str(service_dir / PID_FILE),
        "childlogdir": str(log_dir),
        "directory": str(service_dir),
    }
    config["unix_http_server"] = {"file": str(service_dir / SOCKET_FILE), "chmod": "0700"}
    config["rpcinterface:supervisor"] = {
        "supervisor.rpcinterface_factory": "supervisor.rpcinterface:make_main_rpcinterface"
    }
    config["supervisorctl"] = {"serverurl": f"unix://{service_dir / SOCKET_FILE}"}
    for program in programs:
        section = {
            "command": " ".join(_quoted(part) for part in program.command),
            "priority": str(program.priority),
            "directory": program.directory,
            "autostart": "true",
            "autorestart": "true",
            # A program that dies within its first 5 s counts as failing to start; it is tried
            # again (with back-off) this many times before supervisord gives up on it.
            "startsecs": "5",
            "startretries": "10",
            "stopsignal": program.stop_signal,
            "stopwaitsecs": str(program.stop_wait_seconds),
            "stopasgroup": "true",
            "killasgroup": "true",
            "redirect_stderr": "true",
            "stdout_logfile": str(log_dir / f"{program.name}.log"),
            "stdout_logfile_maxbytes": "50MB",
            "stdout_logfile_backups": "3",
        }
        if program.user:
            section["user"] = program.user
        if program.environment:
            section["environment"] = ",".join(f'{key}="{value}"' for key, value in program.environment.items())
        config[f"program:{program.name}"] = section
    path = service_dir / CONFIG_FILE
    service_dir.mkdir(parents=True, exist_ok=True)
    log_dir.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        config.write(handle)
    return path


def _quoted(part: str) -> str:
    """A command-line word as supervisord splits its `command=` (shell-like quoting)."""
    return part if part and not any(c in part for c in " \"'\\%") else '"' + part.replace('"', '\\"') + '"'


class Supervisor:
    """A supervisord for one service folder."""

    def __init__(self, service_dir: Path) -> None:
        self.service_dir = service_dir
        self.config = service_dir / CONFIG_FILE

    def rpc(self) -> xmlrpc.client.ServerProxy:
        socket = f"unix://{self.service_dir / SOCKET_FILE}"
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=SupervisorTransport(None, None, socket))

    def is_running(self) -> bool:
        try:
            return self.rpc().supervisor.getState()["statename"] == "RUNNING"
        except (OSError, xmlrpc.client.Fault):
            return False

    def start(self, timeout: float = 30) -> None:
        """Start supervisord (it daemonizes) and wait until it answers; its programs start with it."""
        supervisord = Path(sys.executable).with_name("supervisord")
        subprocess.run([str(supervisord), "-c", str(self.config)], check=True)
        deadline = time.monotonic() + timeout
        while not self.is_running():
            if time.monotonic() > deadline:
                raise RuntimeError(f"supervisord did not answer within {timeout:.0f} s: see {self.config}")
            time.sleep(0.2)

    def processes(self) -> dict[str, dict]:
        """Each program's state as supervisord reports it (statename, pid, description, ...)."""
        if not self.is_running():
            return {}
        return {info["name"]: info for info in self.rpc().supervisor.getAllProcessInfo()}

    def signal(self, name: str, signal: str) -> None:
        self.rpc().supervisor.signalProcess(name, signal)

    def stop_program(self, name: str) -> None:
        self.rpc().supervisor.stopProcess(name)

    def start_program(self, name: str) -> None:
        self.rpc().supervisor.startProcess(name)

    def shutdown(self, timeout: float = 120) -> bool:
        """Stop every program (each its own way, whole process groups), then supervisord; whether
        supervisord was running."""
        if not self.is_running():
            return False
        pid = int((self.service_dir / PID_FILE).read_text())
        self.rpc().supervisor.shutdown()
        deadline = time.monotonic() + timeout
        while _alive(pid):
            if time.monotonic() > deadline:
                raise RuntimeError(f"supervisord (pid {pid}) did not stop within {timeout:.0f} s")
            time.sleep(0.2)
        return True


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
