"""The few words delivery adds to a report, in each language: a correction's mark and the link's label."""

from datetime import date

CORRECTION_PREFIX = {"en": "Correction: ", "zh-HK": "更正："}
FULL_REPORT = {"en": "Full report with charts: {url}", "zh-HK": "附圖表的完整報告：{url}"}
CORRECTION_NOTE = {
    "en": "This corrected report replaces the report for {day} sent earlier.",
    "zh-HK": "本更正報告取代早前發出的{day}收市報告。",
}


def correction_note(language: str, day: date) -> str:
    return CORRECTION_NOTE[language].format(day=day.isoformat())


def full_report_line(language: str, url: str) -> str:
    return FULL_REPORT[language].format(url=url)
