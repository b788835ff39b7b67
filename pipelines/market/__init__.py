"""HKEX's rules: the trading calendar, when macro figures are released, the price tick grid.

Layer 1: may import `pipelines.config` only.
"""
