"""hkclose as a service: a local PostgreSQL server holding the Dagster instance, the Dagster
webserver and daemon started and stopped by process id (`make serve`, `make stop`, `make status`).

Beside `pipelines.definitions` in the layers: may import `pipelines.config` only.
"""
