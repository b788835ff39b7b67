"""Turn a source's delivery for a day into validated frames, and land them in the raw lake."""

import logging
import os
import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import polars as pl

from pipelines.schemas import RAW_KINDS, empty_frame, lake_columns
from pipelines.sources import Delivery, Source
from pipelines.validation import InvalidDay, Problem, validate

# A macro snapshot for day D holds the releases known on D from the year before: enough for the
# latest value, the one before it, and a year-on-year comparison.
MACRO_LOOKBACK = timedelta(days=400)


def validated_day(source: Source, trade_date: date) -> dict[str, pl.DataFrame]:
    """All kinds for one day, validated and as known on that day, or InvalidDay naming every problem."""
    delivered = source.read_day(trade_date)
    problems: list[Problem] = []
    clean: dict[str, pl.DataFrame] = {}
    for kind in RAW_KINDS:
        if kind not in delivered:
            clean[kind] = empty_frame(kind)
            continue
        clean[kind], found = validate(kind, delivered[kind].frame, delivered[kind].file)
        problems += found
    if not problems:
        problems += cross_file_problems(clean, delivered)
    if problems:
        raise InvalidDay(trade_date.isoformat(), problems)
    return {kind: as_known_on(kind, frame, trade_date) for kind, frame in clean.items()}


def cross_file_problems(clean: dict[str, pl.DataFrame], delivered: dict[str, Delivery]) -> list[Problem]:
    """Rules that span files: every code is a known security, every currency has a rate."""
    problems = []
    known = clean["securities"].select("code")
    for kind in ("quotes", "notes", "watchlist"):
        unknown = clean[kind].join(known, on="code", how="anti")
        if unknown.height:
            problems.append(
                Problem(delivered[kind].file, "code is not in securities", tuple(unknown["source_row"].to_list()))
            )
    rated = clean["fx"].select("currency")
    unrated = clean["quotes"].filter(pl.col("currency") != "HKD").join(rated, on="currency", how="anti")
    if unrated.height:
        currencies = ", ".join(sorted(set(unrated["currency"])))
        problems.append(
            Problem(
                delivered["quotes"].file,
                f"currency {currencies} has no fx rate for the day",
                tuple(unrated["source_row"].to_list()),
            )
        )
    return problems


def as_known_on(kind: str, frame: pl.DataFrame, trade_date: date) -> pl.DataFrame:
    """Keep what was known on the day (no later listings, no later releases), in lake layout."""
    if kind == "securities":
        frame = frame.filter(pl.col("listed_on").is_null() | (pl.col("listed_on") <= trade_date))
    if kind == "macro":
        frame = frame.filter(pl.col("released_on").is_between(trade_date - MACRO_LOOKBACK, trade_date))
    return frame.select(lake_columns(kind)).with_columns(pl.selectors.enum().cast(pl.String))


def write_day(lake_dir: Path, trade_date: date, frames: dict[str, pl.DataFrame]) -> None:
    """Land one day: every kind is written to a hidden temporary file first, then renamed into place.

    A rename replaces the previous file of that day atomically, so re-landing a day never
    duplicates it, and readers (dbt) see either the old file or the new one, never a partial one.
    """
    staged = []
    for kind, frame in frames.items():
        partition = lake_dir / kind / f"trade_date={trade_date.isoformat()}"
        partition.mkdir(parents=True, exist_ok=True)
        temporary = partition / f".data-{uuid.uuid4().hex}.tmp"
        frame.write_parquet(temporary)
        staged.append((temporary, partition / "data.parquet"))
    for temporary, final in staged:
        os.replace(temporary, final)


def ingest(source: Source, days: Iterable[date], lake_dir: Path, log: logging.Logger) -> dict[str, int]:
    """Validate and land each day; stop at the first invalid day (earlier days stay landed)."""
    rows = dict.fromkeys(RAW_KINDS, 0)
    for trade_date in days:
        frames = validated_day(source, trade_date)
        write_day(lake_dir, trade_date, frames)
        for kind, frame in frames.items():
            rows[kind] += frame.height
        log.info("landed %s from %s: %d quotes", trade_date, source.name, frames["quotes"].height)
    return rows
