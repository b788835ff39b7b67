"""A deterministic market simulator: any trading day's data from a fixed origin, the same whatever
range it is generated in.

Layer 4, beside `pipelines.sample`, which it never imports (nor it this): may import every layer
below it.
"""
