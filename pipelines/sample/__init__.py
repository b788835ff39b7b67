"""The builder of the bundled sample week (warehouse/sample): `make sample`.

Layer 4, beside `pipelines.simulator`, which it never imports (nor it this): may import every
layer below it (`pipelines.synthetic` derives the day's exchange activity).
"""
