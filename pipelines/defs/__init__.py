"""The Dagster wiring: resources, partitions, assets, checks, jobs and schedules. Thin: each asset
calls one function of a lower layer.

Layer 8: may import every layer below it; `pipelines.definitions` assembles it.
"""
