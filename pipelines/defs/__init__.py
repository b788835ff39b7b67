"""The Dagster wiring: resources, partitions, assets, checks, jobs, schedules and sensors. Thin:
each asset calls one function of a lower layer.

Layer 6: may import every layer below it; `pipelines.definitions` assembles it.
"""
