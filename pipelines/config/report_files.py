"""A day's report, in its folder `reports/YYYY-MM-DD/`: written by report/render.py, read by
delivery/ and named by `hkclose`."""

# The languages in the report's order.
REPORT_LANGUAGES = ("en", "zh-HK")
REPORT_JSON_FILE = "closing_report.json"
REPORT_MARKDOWN_FILES = {"en": "closing_report.md", "zh-HK": "closing_report.zh-HK.md"}
REPORT_HTML_FILES = {"en": "closing_report.html", "zh-HK": "closing_report.zh-HK.html"}
