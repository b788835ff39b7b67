"""HKEX's rules: the trading calendar, when macro figures are released, the price tick grid, and
the proportions of an exchange day the sample and the simulator derive from quotes.

Layer 1: may import `pipelines.config` only.
"""
