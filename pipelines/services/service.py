"""`make serve` / `make stop` / `make status`: PostgreSQL, the Dagster webserver and the daemon,
all on the production instance (`deploy/dagster.yaml`), and which instance a shell's runs use.

The service folder (`service/` beside the warehouse) is that instance's DAGSTER_HOME: its
`dagster.yaml` links to the committed `deploy/dagster.yaml`, and `services.json` records what runs
(process ids, ports, the PostgreSQL URL). While it records running services, every `hkclose` run
uses that instance; a shell whose DAGSTER_HOME names another one is refused, loudly.
"""

import hashlib
import json
import os
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from pipelines.config import PROJECT_ROOT, Settings
from pipelines.services.postgres import Cluster
from pipelines.services.processes import running_pid, start_detached, stop_group, wait_for_http

PRODUCTION_CONFIG = PROJECT_ROOT / "deploy" / "dagster.yaml"
STATE_FILE = "services.json"
SERVICES = ("webserver", "daemon")
DEFAULT_PG_PORT = 5433
DEFAULT_UI_PORT = 3000


@dataclass(frozen=True)
class ServiceSettings:
    service_dir: Path  # DAGSTER_HOME of the production instance
    log_dir: Path
    pg_dir: Path
    pg_port: int
    pg_os_user: str
    ui_port: int

    @classmethod
    def from_env(cls) -> "ServiceSettings":
        warehouse_dir = Settings.from_env().warehouse_path.parent
        return cls(
            service_dir=warehouse_dir / "service",
            log_dir=warehouse_dir / "logs",
            pg_dir=Path(os.environ.get("HKCLOSE_PG_DIR") or default_pg_dir(warehouse_dir)).resolve(),
            pg_port=int(os.environ.get("HKCLOSE_PG_PORT") or DEFAULT_PG_PORT),
            pg_os_user=os.environ.get("HKCLOSE_PG_OS_USER") or "postgres",
            ui_port=int(os.environ.get("HKCLOSE_UI_PORT") or DEFAULT_UI_PORT),
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
    pids: dict[str, int]

    @classmethod
    def read(cls, service_dir: Path) -> "ServiceState | None":
        path = service_dir / STATE_FILE
        return cls(**json.loads(path.read_text())) if path.exists() else None

    def running(self) -> dict[str, int]:
        """The services of this state that still run, by name."""
        folder = Path(self.dagster_home)
        return {name: pid for name in SERVICES if (pid := running_pid(folder, name))}


def service_environment(settings: ServiceSettings) -> dict[str, str]:
    return {
        **os.environ,
        "DAGSTER_HOME": str(settings.service_dir),
        "HKCLOSE_PG_URL": settings.cluster.url,
    }


def prepare_instance(settings: ServiceSettings) -> None:
    """The service folder as a DAGSTER_HOME whose dagster.yaml is the committed one."""
    settings.service_dir.mkdir(parents=True, exist_ok=True)
    link = settings.service_dir / "dagster.yaml"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(PRODUCTION_CONFIG)


def check_instance(settings: ServiceSettings) -> None:
    """Load the instance once before the services do: a bad dagster.yaml fails here, saying why,
    and PostgreSQL gets Dagster's tables (or their migrations) before two processes race to it."""
    from dagster import DagsterInstance

    previous = os.environ.get("HKCLOSE_PG_URL")
    os.environ["HKCLOSE_PG_URL"] = settings.cluster.url
    try:
        with DagsterInstance.from_config(str(settings.service_dir)) as instance:
            instance.get_runs(limit=1)
    finally:
        if previous is None:
            del os.environ["HKCLOSE_PG_URL"]
        else:
            os.environ["HKCLOSE_PG_URL"] = previous


def serve(settings: ServiceSettings, echo=print) -> ServiceState:
    """Start PostgreSQL (if it is not running), then the webserver and the daemon; return at once."""
    cluster = settings.cluster
    started = time.perf_counter()
    cluster.start()
    echo(f"postgresql  {cluster.data_dir} (port {cluster.port}, socket in that folder)")
    prepare_instance(settings)
    env = service_environment(settings)
    check_instance(settings)
    bin_dir = Path(sys.executable).parent
    commands = {
        "webserver": [str(bin_dir / "dagster-webserver"), "-h", "127.0.0.1", "-p", str(settings.ui_port),
                      "-w", str(PROJECT_ROOT / "workspace.yaml")],
        "daemon": [str(bin_dir / "dagster-daemon"), "run", "-w", str(PROJECT_ROOT / "workspace.yaml")],
    }  # fmt: skip
    pids = {}
    for name, command in commands.items():
        pids[name] = running_pid(settings.service_dir, name) or start_detached(
            name, command, env, PROJECT_ROOT, settings.log_dir, settings.service_dir
        )
    ui_url = f"http://127.0.0.1:{settings.ui_port}"
    state = ServiceState(str(settings.service_dir), cluster.url, str(cluster.data_dir), ui_url, pids)
    (settings.service_dir / STATE_FILE).write_text(json.dumps(asdict(state), indent=2) + "\n")

    def webserver_alive() -> bool:
        return running_pid(settings.service_dir, "webserver") is not None

    if not wait_for_http(f"{ui_url}/server_info", timeout=120, alive=webserver_alive):
        stop(settings, echo=lambda _: None)  # nothing half-started is left running
        raise RuntimeError(
            f"the webserver did not answer on {ui_url} within 120 s: see {settings.log_dir}/webserver.log"
        )
    echo(f"webserver   {ui_url} (pid {pids['webserver']})")
    echo(f"daemon      pid {pids['daemon']}")
    echo(f"logs        {settings.log_dir}/")
    echo(f"up in {time.perf_counter() - started:.1f} s; every `hkclose` run now uses this instance")
    return state


def stop(settings: ServiceSettings, echo=print) -> None:
    """Stop the webserver and the daemon (with everything they started), then PostgreSQL."""
    for name in SERVICES:
        pid = running_pid(settings.service_dir, name)
        if pid is None:
            echo(f"{name:<11} not running")
            continue
        echo(f"{name:<11} {stop_group(os.getpgid(pid))} (pid {pid})")
        (settings.service_dir / f"{name}.pid").unlink(missing_ok=True)
    (settings.service_dir / STATE_FILE).unlink(missing_ok=True)
    cluster = settings.cluster
    running = cluster.is_initialized() and cluster.is_running()
    cluster.stop()
    echo(f"postgresql  {'stopped' if running else 'not running'}")


def status(settings: ServiceSettings) -> dict[str, str]:
    """What runs, by service."""
    found = {name: (f"running (pid {pid})" if (pid := running_pid(settings.service_dir, name)) else "stopped")
             for name in SERVICES}  # fmt: skip
    cluster = settings.cluster
    found["postgresql"] = (
        f"running ({cluster.data_dir}, port {cluster.port})" if cluster.is_initialized() and cluster.is_running()
        else "stopped"
    )  # fmt: skip
    return found


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
