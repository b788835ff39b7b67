"""`make serve` / `make stop` / `make status`: PostgreSQL, the Dagster webserver and the daemon
under supervisord, on the production instance (`deploy/dagster.yaml`), and which instance a
shell's runs use.

The service folder (`service/` beside the warehouse) is that instance's DAGSTER_HOME: its
`dagster.yaml` links to the committed `deploy/dagster.yaml`, `supervisord.conf` says how each
service runs, and `services.json` records the instance (the PostgreSQL URL, the UI's address).
While supervisord runs, every `hkclose` run uses that instance; a shell whose DAGSTER_HOME names
another one is refused, loudly.
"""

import hashlib
import json
import os
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx

from pipelines.config import PROJECT_ROOT, Settings
from pipelines.services.postgres import Cluster
from pipelines.services.supervisor import Program, Supervisor, write_config

PRODUCTION_CONFIG = PROJECT_ROOT / "deploy" / "dagster.yaml"
STATE_FILE = "services.json"
SERVICES = ("postgresql", "webserver", "daemon")
UI_TIMEOUT_SECONDS = 180


@dataclass(frozen=True)
class ServiceSettings:
    service_dir: Path  # DAGSTER_HOME of the production instance
    log_dir: Path
    pg_dir: Path
    pg_port: int
    pg_os_user: str
    ui_port: int

    @classmethod
    def from_settings(cls, settings: Settings) -> "ServiceSettings":
        """The services' folders beside the warehouse, with the settings' services section."""
        warehouse_dir, variables = settings.warehouse_path.parent, settings.services
        return cls(
            service_dir=warehouse_dir / "service",
            log_dir=settings.logs_dir,
            pg_dir=variables.pg_dir or default_pg_dir(warehouse_dir),
            pg_port=variables.pg_port,
            pg_os_user=variables.pg_os_user,
            ui_port=variables.ui_port,
        )

    @property
    def cluster(self) -> Cluster:
        return Cluster(self.pg_dir, self.pg_port, self.pg_os_user)


def default_pg_dir(warehouse_dir: Path) -> Path:
    """`postgres/` beside the warehouse; as root, a folder the server's own user can reach (root's
    home, where a clone usually lives, is closed to other users), one per warehouse."""
    if os.geteuid() != 0:
        return warehouse_dir / "postgres"
    digest = hashlib.sha256(str(warehouse_dir.resolve()).encode()).hexdigest()[:10]
    return Path("/var/lib/hkclose") / f"postgres-{digest}"


@dataclass(frozen=True)
class ServiceState:
    dagster_home: str
    pg_url: str
    pg_dir: str
    ui_url: str

    @classmethod
    def read(cls, service_dir: Path) -> "ServiceState | None":
        path = service_dir / STATE_FILE
        return cls(**json.loads(path.read_text())) if path.exists() else None

    def running(self) -> bool:
        """Whether the services' supervisord runs (it restarts a service that dies)."""
        return Supervisor(Path(self.dagster_home)).is_running()


def programs(settings: ServiceSettings) -> list[Program]:
    """PostgreSQL first; the webserver and the daemon once it accepts connections (`services/start.py`)."""
    cluster = settings.cluster
    bin_dir = Path(sys.executable).parent
    after_postgres = [
        sys.executable, "-m", "pipelines.services.start", "--pg-dir", str(cluster.data_dir),
        "--pg-port", str(cluster.port), "--",
    ]  # fmt: skip
    workspace = str(PROJECT_ROOT / "workspace.yaml")
    dagster = {"DAGSTER_HOME": str(settings.service_dir), "HKCLOSE_PG_URL": cluster.url}
    return [
        # SIGINT: PostgreSQL's fast shutdown (transactions rolled back, nothing committed lost).
        Program(
            "postgresql", cluster.server_command(), stop_signal="INT", stop_wait_seconds=60,
            user=cluster.server_user, priority=10, directory="/", environment={"LC_ALL": "C.UTF-8"},
        ),
        Program(
            "webserver",
            [*after_postgres, str(bin_dir / "dagster-webserver"), "-h", "127.0.0.1", "-p", str(settings.ui_port),
             "-w", workspace],
            priority=20, directory=str(PROJECT_ROOT), environment=dagster,
        ),
        Program(
            "daemon", [*after_postgres, str(bin_dir / "dagster-daemon"), "run", "-w", workspace],
            priority=20, directory=str(PROJECT_ROOT), environment=dagster,
        ),
    ]  # fmt: skip


def prepare_instance(settings: ServiceSettings) -> None:
    """The service folder as a DAGSTER_HOME whose dagster.yaml is the committed one."""
    settings.service_dir.mkdir(parents=True, exist_ok=True)
    link = settings.service_dir / "dagster.yaml"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(PRODUCTION_CONFIG)


def serve(settings: ServiceSettings, echo=print) -> ServiceState:
    """Start supervisord with PostgreSQL, the webserver and the daemon; return once the UI answers."""
    started = time.perf_counter()
    supervisor = Supervisor(settings.service_dir)
    cluster = settings.cluster
    ui_url = f"http://127.0.0.1:{settings.ui_port}"
    state = ServiceState(str(settings.service_dir), cluster.url, str(cluster.data_dir), ui_url)
    if supervisor.is_running():
        echo(f"the services already run (supervisord in {settings.service_dir}): `make status` says how")
        return state
    cluster.initialize()
    prepare_instance(settings)
    write_config(settings.service_dir, settings.log_dir, programs(settings))
    supervisor.start()
    (settings.service_dir / STATE_FILE).write_text(json.dumps(asdict(state), indent=2) + "\n")
    if not ui_answers(f"{ui_url}/server_info", UI_TIMEOUT_SECONDS):
        stop(settings, echo=lambda _: None)  # nothing half-started is left running
        raise RuntimeError(
            f"the webserver did not answer on {ui_url} within {UI_TIMEOUT_SECONDS} s: "
            f"see {settings.log_dir}/webserver.log and postgresql.log"
        )
    for name, text in status(settings).items():
        echo(f"{name:<11} {text}")
    echo(f"ui          {ui_url}")
    echo(f"logs        {settings.log_dir}/ (supervisord.log says when a service died and was restarted)")
    echo(f"up in {time.perf_counter() - started:.1f} s; every `hkclose` run now uses this instance")
    return state


def ui_answers(url: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    return False


def stop(settings: ServiceSettings, echo=print) -> None:
    """Stop the webserver and the daemon (with their code servers and runs), then PostgreSQL."""
    supervisor = Supervisor(settings.service_dir)
    running = [name for name, info in supervisor.processes().items() if info["statename"] == "RUNNING"]
    if supervisor.shutdown():
        for name in SERVICES:
            echo(f"{name:<11} {'stopped' if name in running else 'was not running'}")
    else:
        echo("the services were not running")
    (settings.service_dir / STATE_FILE).unlink(missing_ok=True)


def status(settings: ServiceSettings) -> dict[str, str]:
    """What runs, by service: supervisord's state of each, with its pid and how long it has run."""
    found = Supervisor(settings.service_dir).processes()
    described = {}
    for name in SERVICES:
        info = found.get(name)
        if info is None:
            described[name] = "stopped"
        elif info["statename"] == "RUNNING":
            described[name] = f"running ({info['description']})"
        else:
            described[name] = f"{info['statename'].lower()} ({info['description'] or info['spawnerr']})"
    return described


class InstanceMismatch(RuntimeError):
    pass


def instance_for_runs(warehouse_dir: Path) -> Path | None:
    """The DAGSTER_HOME a run from this shell must use: the services' instance while they run (the
    shell's DAGSTER_HOME must then be unset or name it), else the shell's own (None: in memory).

    Sets HKCLOSE_PG_URL for the services' instance, which its dagster.yaml reads.
    """
    state = ServiceState.read(warehouse_dir / "service")
    chosen = os.environ.get("DAGSTER_HOME")
    if state is None or not state.running():
        return Path(chosen) if chosen else None
    if chosen and Path(chosen).resolve() != Path(state.dagster_home).resolve():
        raise InstanceMismatch(
            f"the services run on the PostgreSQL instance {state.dagster_home}, but DAGSTER_HOME={chosen}: "
            "this run would be recorded where the daemon, the UI and the one-writer pool do not see it. "
            f"Unset DAGSTER_HOME or set it to {state.dagster_home} (or `make stop` first)."
        )
    os.environ["HKCLOSE_PG_URL"] = state.pg_url
    return Path(state.dagster_home)
