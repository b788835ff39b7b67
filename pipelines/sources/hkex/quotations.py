"""Parse HKEX's Daily Quotations page (English, dYYMMDDe.htm) into a day's quotes.

The page is fixed-width text in <pre> blocks, HTML-escaped after it was laid out (so it is unescaped
before columns are cut). As a genuine copy shows it (2 Oct 2018; the 2026 pages keep the layout;
tests/fixtures/hkex/genuine/README.md), each security of the QUOTATIONS section takes two lines:

- line 1: column 1 is `*` (among the day's 20 most active by turnover) or blank; columns 2-6 the
  code, right-aligned; column 7 is `#` (trading suspended or halted from today) or blank;
  columns 8-23 the short name; 25-27 the currency; then the previous close, ask, high and shares
  traded. A suspended or halted security has this line only, ending in TRADING SUSPENDED or
  TRADING HALTED;
- line 2: the closing price, bid, low and turnover.

A figure is `-` where there is none (no trade, no ask) and `N/A` for a price that does not exist
(a bond quoted without one): such a security was not traded at a price, and has no close. A page
break can fall between a record's two lines. The section ends with its legend.

Nothing is skipped in silence: a line that begins like a record (a marker column and a code) but
is not one fails the day, naming the line; and the count of securities traded that the page
states in its MARKET HIGHLIGHTS (`Sec. Traded:`) must equal the records read with shares traded.
"""

import html
import re
from dataclasses import dataclass
from datetime import date, datetime

import polars as pl

SECTION_START = re.compile(r'<a\s+name\s*=\s*"quotations"\s*>', re.IGNORECASE)
SECTION_END = re.compile(r'<a\s+name\s*=\s*"sales_all"\s*>', re.IGNORECASE)
PAGE_BREAK = re.compile(r"</font>\s*</pre>\s*<pre>\s*<font[^>]*>", re.IGNORECASE)
PAGE_DATE = re.compile(r"DATE:\s*(\d{1,2} [A-Z]{3} \d{4})")
NO_TRADING = re.compile(r"NO TRADING", re.IGNORECASE)
SECURITIES_TRADED = re.compile(r"Sec\. Traded:\s*([\d,]+)")
# A marker column, then a code right-aligned in columns 2-6: what every record's first line begins with.
RECORD_START = re.compile(r"^[ *#][ \d]{4}\d")
FIRST_LINE = re.compile(
    r"^(?P<marker>[ *#])(?P<code>[ \d]{4}\d)(?P<flag>[ #])(?P<name>.{16}) (?P<currency>[A-Z]{3}) (?P<tail>.*\S)$"
)
FIGURE = r"(?:[\d,]*\.?\d+|-|N/A)"
FIGURES = re.compile(rf"^\s*({FIGURE})\s+({FIGURE})\s+({FIGURE})\s+({FIGURE})\s*$")
SECOND_LINE = re.compile(rf"^\s{{20,}}{FIGURE}\s+{FIGURE}\s+{FIGURE}\s+{FIGURE}$")
NOT_TRADING = {"TRADING SUSPENDED": "SUSPENDED", "TRADING HALTED": "HALTED"}
EMPTY_VALUES = ("-", "N/A", "")


class QuotationsFormatError(ValueError):
    """The page is not laid out as HKEX's Daily Quotations are."""


@dataclass(frozen=True)
class NoTrading:
    """HKEX published that there was no trading on the day (a holiday or a closure)."""

    trade_date: date


def number(text: str) -> float | None:
    """1,234.50 -> 1234.5; +10.37 -> 10.37; '-' and 'N/A' -> None."""
    text = text.strip()
    return None if text in EMPTY_VALUES else float(text.replace(",", ""))


def page_date(page: str) -> date:
    found = PAGE_DATE.search(page)
    if not found:
        raise QuotationsFormatError("no 'DATE: dd MON yyyy' line in the page header")
    return datetime.strptime(found.group(1).title(), "%d %b %Y").date()


def quotations_lines(page: str) -> list[tuple[int, str]]:
    """The quotations section's non-blank lines with their line numbers in the page, unescaped."""
    start, end = SECTION_START.search(page), SECTION_END.search(page)
    if not start:
        raise QuotationsFormatError('no <a name = "quotations"> anchor: not a Daily Quotations page')
    section = page[start.end() : end.start() if end else len(page)]
    first_line = page.count("\n", 0, start.end()) + 1
    lines = []
    for offset, raw in enumerate(section.split("\n")):
        text = html.unescape(PAGE_BREAK.sub("", raw)).rstrip()
        if text.strip():
            lines.append((first_line + offset, text))
    return lines


def parse_quotations(page: str, trade_date: date) -> pl.DataFrame | NoTrading:
    """The day's quotes (landing-contract columns plus `source_row`, the page's line), or NoTrading."""
    if SECTION_START.search(page) is None and NO_TRADING.search(page):
        return NoTrading(trade_date)
    published = page_date(page)
    if published != trade_date:
        raise QuotationsFormatError(f"the page is dated {published}, not {trade_date}")
    rows: list[dict] = []
    pending: dict | None = None  # a record whose second line is still to come
    for line_number, text in quotations_lines(page):
        first, second = FIRST_LINE.match(text), SECOND_LINE.match(text)
        if pending is not None and not second:
            raise QuotationsFormatError(f"line {pending['source_row']}: security {pending['code']} has no second line")
        if first:
            record = _first_line(line_number, first)
            if record["status"] == "TRADING":
                pending = record
            else:
                rows.append(record)
        elif second:
            if pending is None:
                raise QuotationsFormatError(f"line {line_number}: a second line without its first: {text.strip()!r}")
            close, _bid, low, turnover = (number(v) for v in text.split())
            rows.append({**pending, "close": close, "low": low, "turnover": turnover or 0.0})
            pending = None
        elif RECORD_START.match(text):
            raise QuotationsFormatError(f"line {line_number} begins like a security's record but is not one: {text!r}")
    if pending is not None:
        raise QuotationsFormatError(f"line {pending['source_row']}: security {pending['code']} has no second line")
    if not rows:
        raise QuotationsFormatError("the quotations section holds no securities")
    quotes = _frame(rows)
    _check_count(page, quotes)
    return quotes


def _first_line(line_number: int, found: re.Match) -> dict:
    record = {
        "source_row": line_number,
        "code": found["code"].strip(),
        "name": found["name"].strip(),
        "currency": found["currency"],
        "is_top_active": found["marker"] == "*",
    }
    tail = found["tail"].strip()
    if tail in NOT_TRADING:
        return {**record, "status": NOT_TRADING[tail], "prev_close": None, "high": None, "volume": 0.0,
                "close": None, "low": None, "turnover": 0.0}  # fmt: skip
    figures = FIGURES.match(tail)
    if not figures:
        raise QuotationsFormatError(
            f"line {line_number}: expected four figures after security {record['code']}'s currency, read {tail!r}"
        )
    prev_close, _ask, high, volume = (number(v) for v in figures.groups())
    return {**record, "status": "TRADING", "prev_close": prev_close, "high": high, "volume": volume or 0.0}


def _frame(rows: list[dict]) -> pl.DataFrame:
    columns = ["source_row", "code", "name", "currency", "close", "prev_close", "volume", "turnover", "high", "low"]
    return (
        pl.DataFrame(rows)
        .with_columns(pl.col("volume").cast(pl.Int64), pl.col("source_row").cast(pl.Int64))
        .select(*columns, "status", "is_top_active")
    )


def _check_count(page: str, quotes: pl.DataFrame) -> None:
    """The page's own count of securities traded (MARKET HIGHLIGHTS) against the records read."""
    stated = SECURITIES_TRADED.search(page)
    traded = quotes.filter(pl.col("volume") > 0).height
    if stated and int(stated.group(1).replace(",", "")) != traded:
        raise QuotationsFormatError(
            f"MARKET HIGHLIGHTS says Sec. Traded: {stated.group(1)}, but the QUOTATIONS section holds {traded} "
            "records with shares traded: records were lost or misread"
        )
