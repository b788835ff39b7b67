"""What a source hands over for a day (a `Delivery` per kind) and the interface every source has."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

import polars as pl

# A macro delivery for day D holds the releases known on D from the year before: enough for the
# latest value, the one before it, and a year-on-year comparison.
MACRO_LOOKBACK = timedelta(days=400)


@dataclass(frozen=True)
class Delivery:
    """One kind of data for one day as a source delivered it, before validation."""

    file: str  # how errors name it, e.g. "quotes/2025-11-21.csv"
    frame: pl.DataFrame  # the source's columns plus `source_row`
    # A landing file that replaces what the source fetches for the day (the report's footer says so).
    is_override: bool = False


class Source(Protocol):
    name: str

    def read_day(self, trade_date: date) -> dict[str, Delivery]:
        """Everything the source has for one trading day, by kind; absent kinds are empty."""
        ...

    def waiting_for(self, trade_date: date) -> list[str]:
        """What the day's data still waits for from its publishers (a URL that answers 404, a
        landing file not yet there), one line each; empty once the day can be read. Asked before a
        run starts (the daily sensor, `hkclose report` on the day), never inside one."""
        ...
