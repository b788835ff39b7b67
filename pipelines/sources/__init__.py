"""Sources of raw data, one adapter per source behind the `Source` interface of the contract:
`landing.py`, `sample.py`, `simulated.py` and the package `hkex/`; `registry.py` picks one by
`HKCLOSE_SOURCE`.

Layer 5, beside the lake and the report, which it never imports (nor they it): may import every
layer below it.
"""
