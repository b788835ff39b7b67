"""Synthetic data the data makers share: what an exchange day would publish beside its quotes
(the exchange's totals, short selling, southbound flows), derived from them for the sample and the
simulator, which have no such publications. None of it is market data.

Layer 3, under both data makers (`pipelines.simulator`, `pipelines.sample`), which stay independent
of each other: may import every layer below it.
"""
