"""Reference data shipped with the code: HKEX's list of securities, index constituents, and the
sectors hkclose gives securities.

Layer 2, beside `pipelines.contract`, which it never imports (nor it this): may import
`pipelines.config` and `pipelines.market`.
"""
