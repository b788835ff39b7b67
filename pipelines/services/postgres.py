"""A local PostgreSQL cluster for the Dagster instance: created by `initdb`, run by `pg_ctl` on a
Unix socket and a loopback port, as a user other than root (PostgreSQL refuses to run as root).

Debian's binaries (`/usr/lib/postgresql/<version>/bin`, package `postgresql`) are used; the
cluster's folder is `HKCLOSE_PG_DIR` (docs/deployment.md).
"""

import grp
import os
import pwd
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# The database and role Dagster uses inside the cluster.
DATABASE = "dagster"
ROLE = "hkclose"


class PostgresError(RuntimeError):
    pass


def server_binaries() -> Path:
    """The folder of initdb, pg_ctl and psql: Debian's newest `/usr/lib/postgresql/<version>/bin`,
    else the folder on PATH that holds all three."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    if versions:
        return versions[-1].parent
    on_path = shutil.which("pg_ctl")
    if on_path and all((Path(on_path).parent / name).exists() for name in ("initdb", "psql")):
        return Path(on_path).parent
    raise PostgresError(
        "no PostgreSQL server found (initdb, pg_ctl, psql): install Debian's package `postgresql` "
        "(`make serve` and `make test` do where they run as root)"
    )


@dataclass(frozen=True)
class Cluster:
    data_dir: Path
    port: int
    # The operating-system user the server runs as: the current one, or `os_user` when that is root.
    os_user: str = "postgres"

    @property
    def socket_dir(self) -> Path:
        return self.data_dir

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the instance database (psycopg2, over the Unix socket)."""
        return f"postgresql+psycopg2://{ROLE}@/{DATABASE}?host={self.socket_dir}&port={self.port}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(server_binaries() / args[0]), *args[1:]]
        as_root = os.geteuid() == 0
        if as_root:
            self._server_user()
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            user=self.os_user if as_root else None,
            group=grp.getgrgid(pwd.getpwnam(self.os_user).pw_gid).gr_name if as_root else None,
            extra_groups=[] if as_root else None,
            cwd="/",
            env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"},
        )
        if check and result.returncode != 0:
            raise PostgresError(f"{' '.join(args[:2])} failed ({result.returncode}): {result.stderr or result.stdout}")
        return result

    def _server_user(self) -> pwd.struct_passwd:
        """The user the server runs as when hkclose runs as root."""
        try:
            return pwd.getpwnam(self.os_user)
        except KeyError:
            raise PostgresError(
                f"PostgreSQL refuses to run as root, and there is no user {self.os_user!r} to run it as: "
                "set HKCLOSE_PG_OS_USER to a user of this machine (Debian's package postgresql creates `postgres`)"
            ) from None

    def _own_folder(self) -> None:
        """The data folder, owned by the server's user, who must be able to reach it: refused, before
        anything is created, when a folder above it is closed to that user (root's home is)."""
        as_root = os.geteuid() == 0
        if as_root:
            user = self._server_user()
            for parent in (p for p in self.data_dir.parents if p.exists()):
                folder = parent.stat()
                if not (folder.st_mode & 0o001 or folder.st_uid == user.pw_uid):
                    raise PostgresError(
                        f"{parent} cannot be entered by the user {self.os_user}, so neither can {self.data_dir}: "
                        "set HKCLOSE_PG_DIR to a folder outside it (docs/deployment.md)"
                    )
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if as_root:
            os.chown(self.data_dir, user.pw_uid, user.pw_gid)

    def is_initialized(self) -> bool:
        return (self.data_dir / "PG_VERSION").exists()

    def initialize(self) -> None:
        """initdb: trust on the Unix socket (its folder is the server user's alone), no TCP password login."""
        self._own_folder()
        self._run(
            "initdb", "-D", str(self.data_dir), "-U", ROLE, "--auth-local=trust", "--auth-host=reject",
            "-E", "UTF8", "--no-instructions",
        )  # fmt: skip

    def is_running(self) -> bool:
        if not self.is_initialized():
            return False
        return self._run("pg_ctl", "status", "-D", str(self.data_dir), check=False).returncode == 0

    def start(self, timeout: float = 60) -> None:
        """Start the server (initialized first if need be) and create the instance database."""
        if not self.is_initialized():
            self.initialize()
        if not self.is_running():
            options = (
                f"-c port={self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.socket_dir} "
                "-c unix_socket_permissions=0700"
            )
            self._run(
                "pg_ctl", "start", "-D", str(self.data_dir), "-l", str(self.data_dir / "server.log"),
                "-o", options, "-w", "-t", str(int(timeout)),
            )  # fmt: skip
        self._create_database()

    def _create_database(self) -> None:
        # `pg_ctl start -w` returns once the server accepts connections.
        exists = self._run(
            "psql", *self._psql_args("postgres"), "-tAc", f"select 1 from pg_database where datname = '{DATABASE}'"
        )
        if exists.stdout.strip() != "1":
            self._run("psql", *self._psql_args("postgres"), "-c", f"create database {DATABASE}")

    def _psql_args(self, database: str) -> list[str]:
        return ["-h", str(self.socket_dir), "-p", str(self.port), "-U", ROLE, "-d", database, "-v", "ON_ERROR_STOP=1"]

    def stop(self, timeout: float = 60) -> None:
        """A fast shutdown (running transactions are rolled back; nothing committed is lost)."""
        if self.is_running():
            self._run("pg_ctl", "stop", "-D", str(self.data_dir), "-m", "fast", "-w", "-t", str(int(timeout)))

    def psql(self, sql: str) -> str:
        """Run SQL in the instance database; its output, one row a line, columns split by '|'."""
        return self._run("psql", *self._psql_args(DATABASE), "-tAc", sql).stdout.strip()
