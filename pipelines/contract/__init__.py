"""The raw contract: the kinds of data a day consists of, their schemas, what a source delivers,
and how a broken rule is reported.

Layer 2, beside `pipelines.reference`, which it never imports (nor it this): may import
`pipelines.config` and `pipelines.market`.
"""
