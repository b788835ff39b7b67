"""Turn a source's deliveries into validated frames, and land them in the raw lake day by day."""

import io
import logging
import os
import shutil
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.contract.delivery import MACRO_LOOKBACK, Delivery, Source
from pipelines.contract.errors import InvalidDay, InvalidDays, Problem
from pipelines.contract.schemas import RAW_KINDS, empty_frame, lake_columns
from pipelines.contract.validation import problems_in, validate
from pipelines.files import temporary_path
from pipelines.lake.lake_schema import upgrade_lake

# Days validated together: one dataframely pass per kind and chunk instead of per day.
CHUNK_DAYS = 64
LAKE_FILE = "data.parquet"
# A progress line every this many days landed (each line is an event in Dagster's log).
PROGRESS_DAYS = 250


def delivered_chunk(source: Source, days: list[date]) -> tuple[dict[str, pl.DataFrame], list[Problem]]:
    """Each kind's rows for a run of days, traced to day, file and row."""
    frames: dict[str, list[pl.DataFrame]] = defaultdict(list)
    origins: dict[str, list[tuple[date, str]]] = defaultdict(list)  # each frame's day and file
    problems: list[Problem] = []
    for day in days:
        try:
            deliveries = source.read_day(day)
        except InvalidDay as invalid:
            problems += [Problem(p.file, p.rule, p.rows, day.isoformat()) for p in invalid.problems]
            continue
        for kind, delivery in deliveries.items():
            frames[kind].append(delivery.frame)
            origins[kind].append((day, delivery.file))
        frames["provenance"].append(provenance(deliveries))
        origins["provenance"].append((day, "ingestion"))
    return {kind: traced(parts, origins[kind]) for kind, parts in frames.items()}, problems


def traced(parts: list[pl.DataFrame], origins: list[tuple[date, str]]) -> pl.DataFrame:
    """The frames of a kind as one, each row with the day and the file it came from (added once to
    the whole, not to each day's frame: a query per frame cost more than the rest of a day's work)."""
    heights = [part.height for part in parts]
    return pl.concat(parts, how="diagonal_relaxed").with_columns(
        trade_date=repeated([day for day, _ in origins], heights, pl.Date),
        source_file=repeated([file for _, file in origins], heights, pl.String),
    )


def repeated(values: list, heights: list[int], dtype: pl.DataType) -> pl.Series:
    """A column for frames stacked one above the other: values[i] on each of the i-th frame's heights[i] rows."""
    return pl.Series(values, dtype=dtype).gather(np.repeat(np.arange(len(values)), heights))


def provenance(deliveries: dict[str, Delivery]) -> pl.DataFrame:
    """One row per kind delivered: the file or feed it came from, and whether it overrode the source."""
    kinds = sorted(deliveries)
    return pl.DataFrame(
        {
            "kind": kinds,
            "delivered_from": [deliveries[k].file for k in kinds],
            "is_override": [deliveries[k].is_override for k in kinds],
            "source_row": [None] * len(kinds),
        },
        schema={"kind": pl.String, "delivered_from": pl.String, "is_override": pl.Boolean, "source_row": pl.Int64},
    )


def cross_file_problems(clean: dict[str, pl.DataFrame]) -> list[Problem]:
    """Rules that span files: every code is a known security, every currency has a rate."""
    problems = []
    known = clean["securities"].select("trade_date", "code")
    for kind in ("quotes", "notes", "watchlist", "short_selling"):
        unknown = clean[kind].join(known, on=["trade_date", "code"], how="anti")
        problems += problems_in(unknown, "code is not in securities")
    rated = clean["fx"].select("trade_date", "currency")
    unrated = clean["quotes"].filter(pl.col("currency") != "HKD").join(rated, on=["trade_date", "currency"], how="anti")
    for (currency,), rows in unrated.group_by("currency", maintain_order=True):
        problems += problems_in(rows, f"currency {currency} has no fx rate for the day")
    return problems


def as_known_on_the_day(kind: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Keep what was known on each row's day: no later listings, no later releases."""
    if kind == "securities":
        frame = frame.filter(pl.col("listed_on").is_null() | (pl.col("listed_on") <= pl.col("trade_date")))
    if kind == "macro":
        frame = frame.filter(
            pl.col("released_on").is_between(pl.col("trade_date") - MACRO_LOOKBACK, pl.col("trade_date"))
        )
    return frame.with_columns(pl.selectors.enum().cast(pl.String))


def validated_days(source: Source, days: Iterable[date]) -> Iterator[tuple[date, dict[str, pl.DataFrame] | InvalidDay]]:
    """Each day's frames, validated and as known on the day, oldest first; for a day with any
    problem, its InvalidDay naming every one instead."""
    days = sorted(days)
    for chunk in (days[i : i + CHUNK_DAYS] for i in range(0, len(days), CHUNK_DAYS)):
        delivered, problems = delivered_chunk(source, chunk)
        clean = {}
        for kind in RAW_KINDS:
            if kind in delivered:
                clean[kind], found = validate(kind, delivered[kind])
                problems += found
            else:
                clean[kind] = empty_frame(kind)
        problems += cross_file_problems(clean)
        spoiled = defaultdict(list)
        for problem in problems:
            spoiled[problem.trade_date].append(problem)
        by_day = {
            kind: as_known_on_the_day(kind, frame)
            .select("trade_date", *lake_columns(kind))
            .partition_by("trade_date", as_dict=True, include_key=False)
            for kind, frame in clean.items()
        }
        empty = {kind: empty_frame(kind).select(lake_columns(kind)) for kind in RAW_KINDS}
        for day in chunk:
            if day.isoformat() in spoiled:
                yield day, InvalidDay(day.isoformat(), spoiled[day.isoformat()])
            else:
                yield day, {kind: by_day[kind].get((day,), empty[kind]) for kind in RAW_KINDS}


def validated_day(source: Source, trade_date: date) -> dict[str, pl.DataFrame]:
    """One day's frames, validated and as known on the day, or InvalidDay naming every problem."""
    frames = dict(validated_days(source, [trade_date]))[trade_date]
    if isinstance(frames, InvalidDay):
        raise frames
    return frames


Staged = list[tuple[date, dict[str, pl.DataFrame]]]


def stage_days(staging: Path, days: Staged) -> None:
    """Write validated days into the staging folder, one file per kind and day.

    Each kind is written in one pass over all the days (Polars partitions it by day), because a
    write per file and day cost more than reading and validating the day.
    """
    for kind in days[0][1]:
        filled = [(day, frames[kind]) for day, frames in days if frames[kind].height]
        if filled:
            by_day = pl.PartitionBy(staging / kind, key="trade_date", include_key=False, file_path_provider=day_file)
            trade_date = repeated([day for day, _ in filled], [frame.height for _, frame in filled], pl.Date)
            pl.concat([frame for _, frame in filled]).with_columns(trade_date=trade_date).write_parquet(
                by_day, statistics=False
            )
        # A day without rows still gets its (empty) file, which replaces whatever it held before.
        empty = None
        for day, frames in days:
            if not frames[kind].height:
                if empty is None:
                    empty = io.BytesIO()
                    frames[kind].write_parquet(empty, statistics=False)
                staged = staging / kind / f"trade_date={day.isoformat()}" / LAKE_FILE
                staged.parent.mkdir(parents=True, exist_ok=True)
                staged.write_bytes(empty.getvalue())


def land_staged(staging: Path, lake_dir: Path, days: list[date]) -> None:
    """Rename each staged file over its day's file in the lake.

    A rename replaces the day's previous file atomically, so re-landing a day never duplicates
    it, and readers (dbt) see the old file or the new one, never a partial one.
    """
    for kind in sorted(p.name for p in staging.iterdir()) if staging.exists() else []:
        for day in days:
            partition = f"trade_date={day.isoformat()}"
            (lake_dir / kind / partition).mkdir(parents=True, exist_ok=True)
            os.replace(staging / kind / partition / LAKE_FILE, lake_dir / kind / partition / LAKE_FILE)


def day_file(args: pl.io.partition.FileProviderArgs) -> str:
    """Where Polars writes a day's file in the staging folder."""
    return f"trade_date={args.partition_keys.item().isoformat()}/{LAKE_FILE}"


def ingest(source: Source, days: Iterable[date], lake_dir: Path, log: logging.Logger) -> dict[str, int]:
    """Upgrade the lake's files to the declared columns, validate every day, then land them all;
    with any invalid day, land none.

    A range lands whole or not at all: the days are staged in one folder in the lake (bounded
    memory, whatever the range) and renamed into place only once every day is valid. With an
    invalid day the lake, like the warehouse and the reports, stays exactly as it was, and the
    error names every invalid day of the range, so one fix and one re-run do.
    """
    upgrade_lake(lake_dir, log)
    days = sorted(days)
    rows = dict.fromkeys(RAW_KINDS, 0)
    started = time.perf_counter()
    staging = temporary_path(lake_dir / "landing")
    staged: list[date] = []
    rejected: list[InvalidDay] = []

    def note_staged(chunk: Staged) -> None:
        for day, frames in chunk:
            staged.append(day)
            for kind, frame in frames.items():
                rows[kind] += frame.height
        if len(staged) == len(days) or len(staged) // PROGRESS_DAYS > (len(staged) - len(chunk)) // PROGRESS_DAYS:
            seconds = time.perf_counter() - started
            log.info(
                "validated and staged %d/%d days from %s (up to %s, %d quotes) in %.1fs",
                *(len(staged), len(days), source.name, chunk[-1][0], rows["quotes"], seconds),
            )

    try:
        chunk: Staged = []
        for day, frames in validated_days(source, days):
            if isinstance(frames, InvalidDay):
                # Nothing will land: stage no more, but go on validating, to name every bad day.
                rejected.append(frames)
                chunk = []
            elif not rejected:
                chunk.append((day, frames))
            if len(chunk) == CHUNK_DAYS or (chunk and day == days[-1]):
                stage_days(staging, chunk)
                note_staged(chunk)
                chunk = []
        if rejected:
            raise rejected[0] if len(rejected) == 1 else InvalidDays(rejected)
        land_staged(staging, lake_dir, staged)
        log.info("landed %d days in %s in %.1fs", len(staged), lake_dir, time.perf_counter() - started)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return rows
