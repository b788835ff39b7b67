"""The assets, one module per group: raw (the lake), marts (dbt), report."""
