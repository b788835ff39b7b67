"""When each monthly macro figure is published: the publishers' usual calendars, as rules.

Used where a source gives no release date (the simulator, the HKMA and C&SD APIs); never the
date of download.
"""

from datetime import date, timedelta


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _month_start(year: int, month: int, months_later: int) -> date:
    index = year * 12 + month - 1 + months_later
    return date(index // 12, index % 12 + 1, 1)


def release_date(indicator: str, year: int, month: int) -> date:
    """When a period's figure comes out."""
    next_month = _month_start(year, month, 1)
    if indicator == "unemployment_rate":  # C&SD: about the 18th of the following month
        return _weekday_on_or_after(next_month.replace(day=18))
    if indicator == "pmi":  # S&P Global: the third weekday of the following month
        day, weekdays = next_month, 0
        while True:
            weekdays += day.weekday() < 5
            if weekdays == 3:
                return day
            day += timedelta(days=1)
    if indicator == "m3_yoy":  # HKMA: the last weekday of the following month
        day = _month_start(year, month, 2) - timedelta(days=1)
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        return day
    if indicator == "retail_sales_yoy":  # C&SD: the first weekday of the month after next
        return _weekday_on_or_after(_month_start(year, month, 2))
    return _weekday_on_or_after(next_month.replace(day=26))  # exports and trade balance
