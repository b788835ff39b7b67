"""Where data is kept: each day's deliveries validated and landed in the raw Parquet lake, and the
warehouse analysts open, published whole after each build.

Layer 6: may import `pipelines.config`, `pipelines.market`, `pipelines.reference`,
`pipelines.contract`, `pipelines.simulator` and `pipelines.sources`.
"""
