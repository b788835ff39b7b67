"""The HKEX trading calendar: exchange_calendars' XHKG plus the repo's overrides.

The overrides (dbt_project/seeds/calendar_overrides.csv, also a dbt seed) correct closures the
library does not know, such as whole days cancelled by a typhoon or a black rainstorm.

The calendar runs to the last day whose holidays the installed exchange_calendars knows (its XHKG
calendar's bound: 2049-12-31 with the pinned 4.13.2). Past it, every question about a day is
refused (`CalendarExhausted`), naming the upgrade that extends it, rather than answered with a
guess that would make a holiday a trading day.
"""

import csv
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import exchange_calendars
from exchange_calendars.exchange_calendar_xhkg import XHKGExchangeCalendar

from pipelines.config import DBT_PROJECT_DIR

CALENDAR_START = date(2015, 1, 1)
# A fixed horizon, the library's own bound, so the calendar (and the partition set) does not
# depend on the day it is read.
CALENDAR_END = XHKGExchangeCalendar.bound_max().date()
OVERRIDES = DBT_PROJECT_DIR / "seeds" / "calendar_overrides.csv"
TRADING_CALENDAR_SEED = DBT_PROJECT_DIR / "seeds" / "hkex_calendar.csv"


class CalendarExhausted(ValueError):
    """A day past the last one whose HKEX holidays the installed exchange_calendars knows."""

    def __init__(self, day: date, horizon: date) -> None:
        super().__init__(
            f"{day} is past {horizon}, the last day whose HKEX holidays exchange_calendars "
            f"{exchange_calendars.__version__} knows: upgrade exchange_calendars in pyproject.toml to a release "
            f"whose XHKG calendar reaches {day.year}, then `make lock`, `make calendar` and `make report`"
        )


class TradingCalendar:
    """Trading days and half days from CALENDAR_START to a horizon (CALENDAR_END)."""

    def __init__(self, sessions: list[date], half_days: set[date], horizon: date) -> None:
        self.sessions = sessions
        self._sessions = set(sessions)
        self.half_days = half_days
        self.horizon = horizon

    def is_trading_day(self, day: date) -> bool:
        if day > self.horizon:
            raise CalendarExhausted(day, self.horizon)
        if day < CALENDAR_START:  # before any partition: only ever asked for the day before the first
            return day.weekday() < 5
        return day in self._sessions

    def is_half_day(self, day: date) -> bool:
        if day > self.horizon:
            raise CalendarExhausted(day, self.horizon)
        return day in self.half_days

    def trading_days(self, start: date, end: date) -> list[date]:
        """Trading days with start <= day <= end."""
        return [
            start + timedelta(days=n)
            for n in range((end - start).days + 1)
            if self.is_trading_day(start + timedelta(days=n))
        ]

    def next_trading_day(self, day: date) -> date:
        candidate = day + timedelta(days=1)
        while not self.is_trading_day(candidate):
            candidate += timedelta(days=1)
        return candidate

    def previous_trading_day(self, day: date) -> date:
        candidate = day - timedelta(days=1)
        while not self.is_trading_day(candidate):
            candidate -= timedelta(days=1)
        return candidate

    def closed_weekdays(self) -> list[date]:
        """Weekdays without trading, up to the horizon: what the partitions exclude."""
        return [d for d in self.all_days() if d.weekday() < 5 and d not in self._sessions]

    def all_days(self) -> list[date]:
        """Every calendar day from CALENDAR_START to the horizon."""
        return [CALENDAR_START + timedelta(days=n) for n in range((self.horizon - CALENDAR_START).days + 1)]


def read_overrides(path: Path = OVERRIDES) -> dict[date, tuple[bool, bool]]:
    """date -> (is_trading_day, is_half_day)."""
    with path.open(encoding="utf-8") as handle:
        return {
            date.fromisoformat(row["date"]): (row["is_trading_day"] == "true", row["is_half_day"] == "true")
            for row in csv.DictReader(handle)
        }


@cache
def hkex_calendar() -> TradingCalendar:
    xhkg = exchange_calendars.get_calendar("XHKG", start=CALENDAR_START.isoformat(), end=CALENDAR_END.isoformat())
    sessions = {ts.date() for ts in xhkg.sessions}
    half_days = {ts.date() for ts in xhkg.early_closes}
    for day, (is_trading_day, is_half_day) in read_overrides().items():
        (sessions.add if is_trading_day else sessions.discard)(day)
        (half_days.add if is_half_day else half_days.discard)(day)
    return TradingCalendar(sorted(sessions), half_days & sessions, CALENDAR_END)


def write_trading_calendar_seed(path: Path = TRADING_CALENDAR_SEED) -> None:
    """The calendar as a dbt seed (every date to the horizon), so the warehouse can join on it."""
    calendar = hkex_calendar()
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["date", "is_trading_day", "is_half_day"])
        for day in calendar.all_days():
            writer.writerow(
                [day.isoformat(), str(calendar.is_trading_day(day)).lower(), str(calendar.is_half_day(day)).lower()]
            )


if __name__ == "__main__":
    write_trading_calendar_seed()
    print(f"wrote {TRADING_CALENDAR_SEED}")
