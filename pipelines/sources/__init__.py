"""Sources of raw data, one adapter per source behind the `Source` interface of the contract;
`pipelines.sources.registry` picks one by `HKCLOSE_SOURCE`.

Layer 5: may import `pipelines.config`, `pipelines.market`, `pipelines.reference`,
`pipelines.contract` and `pipelines.simulator`.
"""
