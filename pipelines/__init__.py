"""The package `hkclose`: the Dagster code location `pipelines.definitions`, in layers (docs/architecture.md)."""
