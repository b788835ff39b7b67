"""What a source hands over for a day (a `Delivery` per kind) and the interface every source has."""

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import ClassVar, Protocol

import polars as pl

from pipelines.config import Settings

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
    """A source of the days' raw data. Besides its data, it says what the code around it needs to
    know of it, so that nothing outside `sources/` asks a source's name."""

    name: str
    # The Hong Kong time by which a day's data is out, for a source published after each close
    # (the daily sensor alerts what is still missing then; `hkclose report --wait` waits only for
    # such a source); None for one that holds every day at once.
    published_by: time | None
    # Whether it keeps what it fetched, so a run can replay it offline (HKCLOSE_REPLAY_DIR, --replay).
    replayable: ClassVar[bool]

    @classmethod
    def from_settings(cls, settings: Settings) -> "Source":
        """The source as the settings set it up (its folder, a replay)."""
        ...

    def read_day(self, trade_date: date) -> dict[str, Delivery]:
        """Everything the source has for one trading day, by kind; absent kinds are empty."""
        ...

    def waiting_for(self, trade_date: date) -> list[str]:
        """What the day's data still waits for from its publishers (a URL that answers 404, a
        landing file not yet there), one line each; empty once the day can be read. Asked before a
        run starts (the daily sensor, `hkclose report` on the day), never inside one."""
        ...
