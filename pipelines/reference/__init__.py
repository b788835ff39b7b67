"""Reference data shipped with the code: HKEX's list of securities, index constituents, and the
sectors hkclose gives securities.

Layer 2: may import `pipelines.config` and `pipelines.market`.
"""
