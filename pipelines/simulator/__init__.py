"""A deterministic market simulator: any trading day's data from a fixed origin, the same whatever
range it is generated in.

Layer 4 (beside `pipelines.sample`): may import `pipelines.config`, `pipelines.market`,
`pipelines.reference` and `pipelines.contract`.
"""
