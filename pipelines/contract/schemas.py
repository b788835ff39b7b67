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
    # HKEX's short name as published ("TENCENT"), given where `name` is the company's proper name
    # ("Tencent Holdings"); without it, `name` is taken to be the short name.
    short_name = dy.String(nullable=True, min_length=1)
    # Shares in issue: with the close, the market value that weights a sector's move (docs/report.md).
    issued_shares = dy.Float64(nullable=True, min_exclusive=0)


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
    # Set by the data provider when a move beyond the outlier bound is real (docs/data-contract.md);
    # until then the stock stays out of the report's prose and a warning check fails.
    is_large_move_confirmed = dy.Bool(nullable=True)

    @dy.rule()
    def high_not_below_low(cls) -> pl.Expr:
        return pl.col("high").is_null() | pl.col("low").is_null() | (pl.col("high") >= pl.col("low"))

    @dy.rule()
    def trading_has_close(cls) -> pl.Expr:
        # A security that traded has its close. Not one that did not trade (no shares), nor one
        # without any price (HKEX prints N/A for a bond quoted without one, traded or not).
        return (
            (pl.col("status") != "TRADING")
            | pl.col("close").is_not_null()
            | (pl.col("volume") == 0)
            | pl.col("prev_close").is_null()
        )


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
    # True when the value comes from a snapshot fetched after the day: it may carry later revisions.
    is_revised_possible = dy.Bool(nullable=True)


class Fx(_Traced):
    currency = dy.String(primary_key=True, regex=CURRENCY_PATTERN)
    hkd_per_unit = dy.Float64(min_exclusive=0)
    # The day the rate was published for, when it is not the trading day's own (an earlier one).
    rate_date = dy.Date(nullable=True)

    @dy.rule()
    def rate_not_from_the_future(cls) -> pl.Expr:
        return pl.col("rate_date").is_null() | (pl.col("rate_date") <= pl.col("trade_date"))


class Notes(_Traced):
    code = dy.String(primary_key=True, regex=CODE_PATTERN)
    note = dy.String(min_length=1)
    note_zh = dy.String(nullable=True, min_length=1)


class Watchlist(_Traced):
    code = dy.String(primary_key=True, regex=CODE_PATTERN)
    position = dy.Int64(min=1, unique=True)


class ExchangeTotals(_Traced):
    """The exchange's own figures for the day (the MARKET HIGHLIGHTS of HKEX's Daily Quotations)."""

    total_turnover_hkd = dy.Float64(min=0)
    advanced = dy.Int64(nullable=True, min=0)
    declined = dy.Int64(nullable=True, min=0)
    unchanged = dy.Int64(nullable=True, min=0)


class ShortSelling(_Traced):
    """Short selling per security (HKEX's SHORT SELLING TURNOVER - DAILY REPORT), in its trading currency."""

    code = dy.String(primary_key=True, regex=CODE_PATTERN)
    short_volume = dy.Int64(min=0)
    short_turnover = dy.Float64(min=0)


SOUTHBOUND_CHANNELS = ["Shanghai", "Shenzhen"]


class CapitalFlows(_Traced):
    """Southbound Stock Connect trading of the day, per channel (via Shanghai, via Shenzhen), in HKD."""

    channel = dy.Enum(SOUTHBOUND_CHANNELS, primary_key=True)
    buy_turnover_hkd = dy.Float64(min=0)
    sell_turnover_hkd = dy.Float64(min=0)


class SouthboundStocks(_Traced):
    """The most actively traded southbound stocks of the day per channel, as HKEX publishes them."""

    channel = dy.Enum(SOUTHBOUND_CHANNELS, primary_key=True)
    code = dy.String(primary_key=True, regex=CODE_PATTERN)
    rank = dy.Int64(min=1)
    buy_turnover_hkd = dy.Float64(min=0)
    sell_turnover_hkd = dy.Float64(min=0)


class IndexConstituents(_Traced):
    """The constituents of an index on the day (the Hang Seng Index's, ...), as its publisher lists them."""

    index_code = dy.String(primary_key=True, regex=r"^[A-Z0-9]{2,12}$")
    code = dy.String(primary_key=True, regex=CODE_PATTERN)


class Provenance(_Traced):
    """Where each kind of a day came from; written by the ingestion itself, not by a source."""

    kind = dy.String(primary_key=True)
    delivered_from = dy.String()
    is_override = dy.Bool()


SCHEMAS: dict[str, type[_Traced]] = {
    "securities": Securities,
    "quotes": Quotes,
    "indexes": Indexes,
    "macro": Macro,
    "fx": Fx,
    "notes": Notes,
    "watchlist": Watchlist,
    "exchange_totals": ExchangeTotals,
    "short_selling": ShortSelling,
    "capital_flows": CapitalFlows,
    "southbound_stocks": SouthboundStocks,
    "index_constituents": IndexConstituents,
    "provenance": Provenance,
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
