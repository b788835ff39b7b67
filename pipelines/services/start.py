"""What supervisord runs for the webserver and the daemon: wait until PostgreSQL accepts
connections, make sure the instance's database and Dagster's tables exist (one process at a time,
under a PostgreSQL advisory lock, so two services starting together never race a migration),
then become the service (`exec`), so supervisord watches and signals the service itself.

    python -m pipelines.services.start --pg-dir DIR --pg-port PORT -- dagster-daemon run ...
"""

import argparse
import os
import sys
import time
from pathlib import Path

from pipelines.services.postgres import Cluster

WAIT_SECONDS = 120
# Any number, the same in every process: the key of the advisory lock held while Dagster's tables
# are created or migrated.
SCHEMA_LOCK = 20_151_102


def wait_for(cluster: Cluster, timeout: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while not cluster.accepts_connections():
        if time.monotonic() > deadline:
            sys.exit(
                f"PostgreSQL ({cluster.socket_dir}, port {cluster.port}) did not accept connections in {timeout:.0f} s"
            )
        time.sleep(0.5)


def prepare_instance(cluster: Cluster, dagster_home: str) -> None:
    from dagster import DagsterInstance

    cluster.create_database()
    connection = cluster.connect()
    try:
        with connection.cursor() as cursor:
            cursor.execute("select pg_advisory_lock(%s)", (SCHEMA_LOCK,))
        with DagsterInstance.from_config(dagster_home) as instance:
            instance.get_runs(limit=1)  # creates or migrates the tables
    finally:
        connection.close()  # releases the lock


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pg-dir", type=Path, required=True)
    parser.add_argument("--pg-port", type=int, required=True)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)
    command = options.command[1:] if options.command[:1] == ["--"] else options.command
    cluster = Cluster(options.pg_dir, options.pg_port)
    wait_for(cluster)
    prepare_instance(cluster, os.environ["DAGSTER_HOME"])
    os.execv(command[0], command)


if __name__ == "__main__":
    main(sys.argv[1:])
