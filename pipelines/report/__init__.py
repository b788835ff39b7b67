"""The closing report: figures read from the marts, prose from rules, rendered to Markdown, HTML and JSON."""
