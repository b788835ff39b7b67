"""Which kept payload serves a day.

A payload that changes over time (a list, a history, an open-data series) is kept by the date it
was fetched, so a later run, or a backfill, can take the one that fits the day it builds:

- a reference list (`LIST`): the newest fetched in the week up to the day;
- a history that must reach the day (`HISTORY`): the oldest fetched on or after it;
- a series as it was known (`AS_KNOWN`): the newest fetched on or before the day; for a day before
  every kept one, the oldest later one (its values may carry later revisions);

failing those, today's, fetched now and kept for the next run.
"""

from datetime import date, timedelta
from enum import Enum
from pathlib import Path

# Reference lists (securities, the industry classification) change slowly: one a week is enough.
REFERENCE_MAX_AGE = timedelta(days=7)


class Vintage(Enum):
    LIST = "list"
    HISTORY = "history"
    AS_KNOWN = "as known"


def fetch_date_for(kept: list[date], day: date, vintage: Vintage, today: date) -> date:
    """The fetch date of the payload that serves `day`, among those `kept`, else today."""
    kept = sorted(kept)
    if vintage is Vintage.LIST:
        chosen = [d for d in kept if day - REFERENCE_MAX_AGE < d <= day][-1:]
    elif vintage is Vintage.HISTORY:
        chosen = [d for d in kept if d >= day][:1]
    else:
        chosen = [d for d in kept if d <= day][-1:] or kept[:1]
    return chosen[0] if chosen else today


def dated_name(folder: Path, stem: str, day: date, vintage: Vintage, today: date, suffix: str = ".json") -> str:
    """`<stem>_<fetch date><suffix>` (relative to the downloads `folder`) for the payload that serves `day`."""
    prefix = Path(stem).name + "_"
    kept = [
        date.fromisoformat(p.name.removeprefix(prefix).removesuffix(suffix))
        for p in (folder / Path(stem).parent).glob(f"{prefix}????-??-??{suffix}")
    ]
    return f"{stem}_{fetch_date_for(kept, day, vintage, today)}{suffix}"


def dated_folder(folder: Path, day: date, vintage: Vintage, today: date) -> date:
    """The fetch date of the snapshot folder (`folder/YYYY-MM-DD/`) that serves `day`."""
    kept = [date.fromisoformat(p.name) for p in folder.glob("????-??-??") if p.is_dir()]
    return fetch_date_for(kept, day, vintage, today)
