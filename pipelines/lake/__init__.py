"""Where data is kept: each day's deliveries validated and landed in the raw Parquet lake, and the
warehouse analysts open, published whole after each build.

Layer 5, beside the report and the sources, which it never imports (nor they it): a source reaches
the lake only as the contract's deliveries. May import every layer below it.
"""
