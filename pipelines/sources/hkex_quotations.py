"""Parse HKEX's Daily Quotations page (English, dYYMMDDe.htm) into a day's quotes.

The page is fixed-width text in <pre> blocks, HTML-escaped after it was laid out. Each security
takes two lines: line 1 holds an optional marker (`*` among the day's 20 most active, `#`
suspended or halted from today), the code right-aligned in columns 1-5, the name in 7-22, the
currency in 24-26, then previous close, ask, high and shares traded; line 2 holds closing, bid,
low and turnover. A suspended or halted security is one line ending in TRADING SUSPENDED or
TRADING HALTED. A page break can fall between a record's two lines.
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
FIRST_LINE = re.compile(r"^[ *#]\s{0,4}\d{1,5} ")
SECOND_LINE = re.compile(r"^\s{20,}(?:(?:[\d,.]+|-|N/A)\s+){3}(?:[\d,.]+|-|N/A)$")
NOT_TRADING = ("TRADING SUSPENDED", "TRADING HALTED")
EMPTY_VALUES = ("-", "N/A", "")


class QuotationsFormatError(ValueError):
    """The page is not laid out as HKEX's Daily Quotations are."""


@dataclass(frozen=True)
class NoTrading:
    """HKEX published that there was no trading on the day (a holiday or a closure)."""

    trade_date: date


def number(text: str) -> float | None:
    """1,234.50 -> 1234.5; '-' and 'N/A' -> None."""
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
    rows = []
    # Headings and blank lines between records are neither a first nor a second line.
    lines = [(n, text) for n, text in quotations_lines(page) if FIRST_LINE.match(text) or SECOND_LINE.match(text)]
    position = 0
    while position < len(lines):
        line_number, first = lines[position]
        if not FIRST_LINE.match(first):
            raise QuotationsFormatError(f"line {line_number}: a second line without its first: {first.strip()!r}")
        record = {
            "source_row": line_number,
            "code": first[1:6].strip(),
            "name": first[7:23].strip(),
            "currency": first[24:27].strip(),
            "is_top_active": first[0] == "*",
        }
        tail = first[27:].strip()
        if tail in NOT_TRADING:
            status = "SUSPENDED" if tail == "TRADING SUSPENDED" else "HALTED"
            rows.append(
                {
                    **record,
                    "status": status,
                    "prev_close": None,
                    "high": None,
                    "volume": 0.0,
                    "close": None,
                    "low": None,
                    "turnover": 0.0,
                }
            )
            position += 1
            continue
        if position + 1 >= len(lines) or FIRST_LINE.match(lines[position + 1][1]):
            raise QuotationsFormatError(f"line {line_number}: security {record['code']} has no second line")
        first_values = tail.split()
        second_values = lines[position + 1][1].split()
        if len(first_values) != 4 or len(second_values) != 4:
            raise QuotationsFormatError(
                f"line {line_number}: expected four figures on each line of security {record['code']}"
            )
        prev_close, _ask, high, volume = (number(v) for v in first_values)
        close, _bid, low, turnover = (number(v) for v in second_values)
        rows.append(
            {
                **record,
                "status": "TRADING",
                "prev_close": prev_close,
                "high": high,
                "volume": volume or 0.0,
                "close": close,
                "low": low,
                "turnover": turnover or 0.0,
            }
        )
        position += 2
    if not rows:
        raise QuotationsFormatError("the quotations section holds no securities")
    return (
        pl.DataFrame(rows)
        .with_columns(pl.col("volume").cast(pl.Int64), pl.col("source_row").cast(pl.Int64))
        .select(
            "source_row",
            "code",
            "name",
            "currency",
            "close",
            "prev_close",
            "volume",
            "turnover",
            "high",
            "low",
            "status",
            "is_top_active",
        )
    )
