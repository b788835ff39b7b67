"""The closing report: figures read from the marts, prose from rules, rendered to Markdown, HTML and JSON.

Layer 7: may import `pipelines.config`, `pipelines.market` and `pipelines.reference` (it reads the
warehouse, never a source or the lake).
"""
