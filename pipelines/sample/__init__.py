"""The builder of the bundled sample week (warehouse/sample): `make sample`.

Layer 4 (beside `pipelines.simulator`): may import `pipelines.config`, `pipelines.market`,
`pipelines.reference` and `pipelines.contract`.
"""
