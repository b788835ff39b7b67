"""hkclose as a service: PostgreSQL holding the Dagster instance, the Dagster webserver and daemon,
all under supervisord (`make serve`, `make stop`, `make status`), and the watchdog on them
(`hkclose health`).

Layer 7, beside `pipelines.definitions`: may import every layer below it.
"""
