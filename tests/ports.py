"""A free TCP port on 127.0.0.1, for a server that must be told its port before it starts
(PostgreSQL, the Dagster webserver, the SMTP server that is stopped and started again on the same
one). The port is free when asked, not reserved: a server that can bind port 0 itself does so
(the test webhook) and reports the port it got."""

import socket


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
