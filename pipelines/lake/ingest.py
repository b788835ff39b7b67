"""Turn a source's deliveries into validated frames, and land them in the raw lake day by day."""

import io
import logging
import os
import shutil
import time
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.contract.delivery import MACRO_LOOKBACK, Delivery, Source
from pipelines.contract.errors import InvalidDay, Problem
from pipelines.contract.schemas import RAW_KINDS, empty_frame, lake_columns
from pipelines.contract.validation import problems_in, validate
from pipelines.files import temporary_path

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


def validated_days(source: Source, days: Iterable[date]) -> Iterator[tuple[date, dict[str, pl.DataFrame]]]:
    """Each day's frames, validated and as known on the day, oldest first.

    Raises InvalidDay, naming every problem, at the first day with any; the days before it have
    been yielded by then.
    """
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
                raise InvalidDay(day.isoformat(), spoiled[day.isoformat()])
            yield day, {kind: by_day[kind].get((day,), empty[kind]) for kind in RAW_KINDS}


def validated_day(source: Source, trade_date: date) -> dict[str, pl.DataFrame]:
    """One day's frames, validated and as known on the day, or InvalidDay naming every problem."""
    return dict(validated_days(source, [trade_date]))[trade_date]


def write_days(lake_dir: Path, days: list[tuple[date, dict[str, pl.DataFrame]]]) -> None:
    """Land a run of validated days: each kind of all of them is written to a staging folder in the
    lake, one file per day, then renamed into place day by day.

    A rename replaces the previous file of that day atomically, so re-landing a day never
    duplicates it, and readers (dbt) see either the old file or the new one, never a partial one.
    Each kind is written in one pass over all the days (Polars partitions it by day), because a
    write per file and day cost more than reading and validating the day. A run killed while
    landing leaves only its staging folder, which the next run removes (`files.remove_leftovers`).
    """
    staging = temporary_path(lake_dir / "landing")
    kinds = list(days[0][1])
    for kind in kinds:
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
    for day, _ in days:
        for kind in kinds:
            partition = f"trade_date={day.isoformat()}"
            (lake_dir / kind / partition).mkdir(parents=True, exist_ok=True)
            os.replace(staging / kind / partition / LAKE_FILE, lake_dir / kind / partition / LAKE_FILE)
    shutil.rmtree(staging)


def day_file(args: pl.io.partition.FileProviderArgs) -> str:
    """Where Polars writes a day's file in the staging folder."""
    return f"trade_date={args.partition_keys.item().isoformat()}/{LAKE_FILE}"


def ingest(source: Source, days: Iterable[date], lake_dir: Path, log: logging.Logger) -> dict[str, int]:
    """Validate and land each day; stop at the first invalid day (earlier days stay landed)."""
    days = sorted(days)
    rows = dict.fromkeys(RAW_KINDS, 0)
    started = time.perf_counter()
    landed = 0

    def wait_for(write: Future, chunk: list[tuple[date, dict[str, pl.DataFrame]]]) -> None:
        nonlocal landed
        write.result()
        for _, frames in chunk:
            for kind, frame in frames.items():
                rows[kind] += frame.height
        landed += len(chunk)
        if landed == len(days) or landed // PROGRESS_DAYS > (landed - len(chunk)) // PROGRESS_DAYS:
            seconds = time.perf_counter() - started
            log.info(
                "landed %d/%d days from %s (up to %s, %d quotes) in %.1fs",
                *(landed, len(days), source.name, chunk[-1][0], rows["quotes"], seconds),
            )

    # One thread lands the days, a chunk at a time and in order, while the next chunk is read and
    # validated: Polars writes Parquet without holding the GIL, so on two cores the writing hides
    # behind the reading.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="lake-writer") as writer:
        queued: deque[tuple[Future, list[tuple[date, dict[str, pl.DataFrame]]]]] = deque()
        chunk: list[tuple[date, dict[str, pl.DataFrame]]] = []
        try:
            for day, frames in validated_days(source, days):
                chunk.append((day, frames))
                if len(chunk) == CHUNK_DAYS:
                    queued.append((writer.submit(write_days, lake_dir, chunk), chunk))
                    chunk = []
                    while len(queued) > 1:
                        wait_for(*queued.popleft())
        finally:
            # Every day validated before an invalid one (or a failed write) is landed before the error rises.
            if chunk:
                queued.append((writer.submit(write_days, lake_dir, chunk), chunk))
            while queued:
                wait_for(*queued.popleft())
    return rows
