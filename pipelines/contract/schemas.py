"""The raw kinds of data and their declared schemas: what every source must deliver for a day.

Each schema is both the validation contract for incoming files and the column layout of the raw
Parquet lake. The trace columns say which day, file and row a value came from, so that a rejected
value can be traced back to it; the lake keeps none of them (the day is its folder name).
"""

from functools import cache

import dataframely as dy
import polars as pl

CODE_PATTERN = r"^[1-9][0-9]{0,4}$"
CURRENCY_PATTERN = r"^[A-Z]{3}$"


TRACE_COLUMNS = ("trade_date", "source_file", "source_row")


class _Traced(dy.Schema):
    trade_date = dy.Date(primary_key=True, description="the trading day the data is for")
    source_file = dy.String(description="the file (or feed) the row came from")
    source_row = dy.Int64(nullable=True, description="row number in the source file (header is row 1)")


class Securities(_Traced):
    code = dy.String(primary_key=True, regex=CODE_PATTERN)
    name = dy.String(min_length=1)
    category = dy.String(min_length=1)
    board = dy.Enum(["MAIN", "GEM"])
    sector = dy.String(min_length=1)
    industry = dy.String(nullable=True)
    name_zh = dy.String(nullable=True)
    listed_on = dy.Date(nullable=True)


class Quotes(_Traced):
    code = dy.String(primary_key=True, regex=CODE_PATTERN)
    close = dy.Float64(nullable=True, min_exclusive=0)
    prev_close = dy.Float64(nullable=True, min_exclusive=0)
    volume = dy.Int64(min=0)
    turnover = dy.Float64(min=0)
    currency = dy.String(regex=CURRENCY_PATTERN)
    open = dy.Float64(nullable=True, min_exclusive=0)
    high = dy.Float64(nullable=True, min_exclusive=0)
    low = dy.Float64(nullable=True, min_exclusive=0)
    status = dy.Enum(["TRADING", "SUSPENDED", "HALTED"])

    @dy.rule()
    def high_not_below_low(cls) -> pl.Expr:
        return pl.col("high").is_null() | pl.col("low").is_null() | (pl.col("high") >= pl.col("low"))

    @dy.rule()
    def trading_has_close(cls) -> pl.Expr:
        return (pl.col("status") != "TRADING") | pl.col("close").is_not_null()


class Indexes(_Traced):
    index_code = dy.String(primary_key=True, regex=r"^[A-Z0-9]{2,12}$")
    close = dy.Float64(min_exclusive=0)
    prev_close = dy.Float64(nullable=True, min_exclusive=0)
    open = dy.Float64(nullable=True, min_exclusive=0)
    high = dy.Float64(nullable=True, min_exclusive=0)
    low = dy.Float64(nullable=True, min_exclusive=0)
    turnover = dy.Float64(nullable=True, min=0)
    # Set by the data provider when a move of more than 20% is real (the report checks otherwise).
    is_large_move_confirmed = dy.Bool(nullable=True)

    @dy.rule()
    def high_not_below_low(cls) -> pl.Expr:
        return pl.col("high").is_null() | pl.col("low").is_null() | (pl.col("high") >= pl.col("low"))


class Macro(_Traced):
    indicator = dy.String(primary_key=True, regex=r"^[a-z0-9_]+$")
    period = dy.String(primary_key=True, regex=r"^\d{4}(-\d{2}|-Q[1-4])?$")
    released_on = dy.Date(primary_key=True)
    value = dy.Float64()
    unit = dy.String(min_length=1)
    source = dy.String(nullable=True)


class Fx(_Traced):
    currency = dy.String(primary_key=True, regex=CURRENCY_PATTERN)
    hkd_per_unit = dy.Float64(min_exclusive=0)


class Notes(_Traced):
    code = dy.String(primary_key=True, regex=CODE_PATTERN)
    note = dy.String(min_length=1)


class Watchlist(_Traced):
    code = dy.String(primary_key=True, regex=CODE_PATTERN)
    position = dy.Int64(min=1, unique=True)


SCHEMAS: dict[str, type[_Traced]] = {
    "securities": Securities,
    "quotes": Quotes,
    "indexes": Indexes,
    "macro": Macro,
    "fx": Fx,
    "notes": Notes,
    "watchlist": Watchlist,
}
RAW_KINDS = tuple(SCHEMAS)

# Values an optional column takes when a file leaves it out or blank.
DEFAULTS: dict[str, dict[str, str]] = {"quotes": {"currency": "HKD", "status": "TRADING"}}


def lake_columns(kind: str) -> list[str]:
    """Columns a kind keeps in the lake (everything but the trace)."""
    return [name for name in SCHEMAS[kind].column_names() if name not in TRACE_COLUMNS]


@cache
def empty_frame(kind: str) -> pl.DataFrame:
    """A typed frame with no rows, for a day on which a source has none of a kind."""
    return SCHEMAS[kind].create_empty()
