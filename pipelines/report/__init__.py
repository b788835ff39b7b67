"""The closing report: figures read from the marts, prose from rules, rendered to Markdown, HTML and JSON.

Layer 5, beside the lake and the sources, which it never imports (nor they it): it reads the
warehouse. May import every layer below it.
"""
