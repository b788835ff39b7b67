"""A local PostgreSQL cluster for the Dagster instance: created by `initdb`, run in the foreground by
supervisord (`services/supervisor.py`) on a Unix socket and a loopback port, as a user other than
root (PostgreSQL refuses to run as root).

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

import psycopg2

# The database and role Dagster uses inside the cluster.
DATABASE = "dagster"
ROLE = "hkclose"


class PostgresError(RuntimeError):
    pass


def server_binaries() -> Path:
    """The folder of initdb, postgres and psql: Debian's newest `/usr/lib/postgresql/<version>/bin`,
    else the folder on PATH that holds all three."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: int(p.parts[-3]))
    if versions:
        return versions[-1].parent
    on_path = shutil.which("postgres")
    if on_path and all((Path(on_path).parent / name).exists() for name in ("initdb", "psql")):
        return Path(on_path).parent
    raise PostgresError(
        "no PostgreSQL server found (initdb, postgres, psql): install Debian's package `postgresql` "
        "(`make serve` and `make test` do where they run as root)"
    )


@dataclass(frozen=True)
class Cluster:
    data_dir: Path
    port: int
    # The operating-system user the server runs as when hkclose runs as root; else the current user.
    os_user: str = "postgres"

    @property
    def socket_dir(self) -> Path:
        return self.data_dir

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the instance database (psycopg2, over the Unix socket)."""
        return f"postgresql+psycopg2://{ROLE}@/{DATABASE}?host={self.socket_dir}&port={self.port}"

    @property
    def server_user(self) -> str | None:
        """Who the server runs as, when that is not the current user (hkclose runs as root)."""
        if os.geteuid() != 0:
            return None
        try:
            pwd.getpwnam(self.os_user)
        except KeyError:
            raise PostgresError(
                f"PostgreSQL refuses to run as root, and there is no user {self.os_user!r} to run it as: "
                "set HKCLOSE_PG_OS_USER to a user of this machine (Debian's package postgresql creates `postgres`)"
            ) from None
        return self.os_user

    def server_command(self) -> list[str]:
        """The server in the foreground, as supervisord runs it (SIGINT: a fast shutdown)."""
        return [
            str(server_binaries() / "postgres"), "-D", str(self.data_dir), "-c", f"port={self.port}",
            "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self.socket_dir}",
            "-c", "unix_socket_permissions=0700",
        ]  # fmt: skip

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(server_binaries() / args[0]), *args[1:]]
        user = self.server_user
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            user=user,
            group=grp.getgrgid(pwd.getpwnam(user).pw_gid).gr_name if user else None,
            extra_groups=[] if user else None,
            cwd="/",
            env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"},
        )
        if result.returncode != 0:
            raise PostgresError(f"{' '.join(args[:2])} failed ({result.returncode}): {result.stderr or result.stdout}")
        return result

    def _own_folder(self) -> None:
        """The data folder, owned by the server's user, who must be able to reach it: refused, before
        anything is created, when a folder above it is closed to that user (root's home is)."""
        user = self.server_user
        if user:
            account = pwd.getpwnam(user)
            for parent in (p for p in self.data_dir.parents if p.exists()):
                folder = parent.stat()
                if not (folder.st_mode & 0o001 or folder.st_uid == account.pw_uid):
                    raise PostgresError(
                        f"{parent} cannot be entered by the user {user}, so neither can {self.data_dir}: "
                        "set HKCLOSE_PG_DIR to a folder outside it (docs/deployment.md)"
                    )
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if user:
            os.chown(self.data_dir, account.pw_uid, account.pw_gid)

    def is_initialized(self) -> bool:
        return (self.data_dir / "PG_VERSION").exists()

    def initialize(self) -> None:
        """initdb (once): trust on the Unix socket (its folder is the server user's alone), no TCP login."""
        if self.is_initialized():
            return
        self._own_folder()
        self._run(
            "initdb", "-D", str(self.data_dir), "-U", ROLE, "--auth-local=trust", "--auth-host=reject",
            "-E", "UTF8", "--no-instructions",
        )  # fmt: skip

    def connect(self, database: str = DATABASE, timeout: int = 3):
        return psycopg2.connect(
            dbname=database, user=ROLE, host=str(self.socket_dir), port=self.port, connect_timeout=timeout
        )

    def accepts_connections(self) -> bool:
        try:
            self.connect("postgres").close()
        except psycopg2.OperationalError:
            return False
        return True

    def create_database(self) -> None:
        """The instance database, if it does not exist yet (two processes may ask at once)."""
        connection = self.connect("postgres")
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute("select 1 from pg_database where datname = %s", (DATABASE,))
                if cursor.fetchone() is None:
                    cursor.execute(f"create database {DATABASE}")
        except psycopg2.errors.DuplicateDatabase:
            pass
        finally:
            connection.close()

    def psql(self, sql: str) -> str:
        """Run SQL in the instance database; its output, one row a line, columns split by '|'."""
        args = ["-h", str(self.socket_dir), "-p", str(self.port), "-U", ROLE, "-d", DATABASE, "-v", "ON_ERROR_STOP=1"]
        return self._run("psql", *args, "-tAc", sql).stdout.strip()
