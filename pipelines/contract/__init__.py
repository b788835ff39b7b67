"""The raw contract: the kinds of data a day consists of, their schemas, what a source delivers,
and how a broken rule is reported.

Layer 3: may import `pipelines.config`, `pipelines.market` and `pipelines.reference`.
"""
