"""Parse the SHORT SELLING TURNOVER - DAILY REPORT of HKEX's Daily Quotations page.

Its table, as a genuine copy shows it (2 Oct 2018, tests/fixtures/hkex/genuine/), is headed
`CODE NAME OF STOCK (SH) ($) (SH) ($)` under `Total Short Selling Turnover` and `Total Turnover`;
each row is an optional marker (`%`: traded in a currency other than HKD), the code, the short
name, then the short-sold shares and value and the security's total shares and value of the day;
the table ends at `Total Shares (SH):`. Values are in the counter's currency. Below the table the
page states `Total No. of Securities recording Short Selling : N`: the rows read must be N, and a
line that begins like a row but is not one fails the day.
"""

import html
import re

import polars as pl

from pipelines.sources.hkex.quotations import QuotationsFormatError

SECTION_START = re.compile(r'<a\s+name\s*=\s*"short_selling"\s*>', re.IGNORECASE)
SECTION_END = re.compile(r'<a\s+name\s*=\s*"adj_short"\s*>|Total Shares \(SH\):', re.IGNORECASE)
HEADER = re.compile(r"CODE\s+NAME OF STOCK\s+\(SH\)\s+\(\$\)\s+\(SH\)\s+\(\$\)")
ROW = re.compile(r"^\s*[%#*]?\s*(\d{1,5})\s+(.+?)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s*$")
ROW_START = re.compile(r"^\s*[%#*]?\s*\d{1,5} ")
STATED_COUNT = re.compile(r"Total No\. of Securities recording Short Selling\s*:\s*([\d,]+)")
NEXT_SECTION = re.compile(r'<a\s+name\s*=\s*"', re.IGNORECASE)
TAGS = re.compile(r"<[^>]+>")


def parse_short_selling(page: str) -> pl.DataFrame:
    """Short volume and turnover per security, with the page line each came from (`source_row`)."""
    start = SECTION_START.search(page)
    if not start:
        raise QuotationsFormatError('no <a name = "short_selling"> section')
    end = SECTION_END.search(page, start.end())
    if not end:
        raise QuotationsFormatError("the short-selling table has no 'Total Shares (SH):' line: the page is cut short")
    section = html.unescape(TAGS.sub("", page[start.end() : end.start()]))
    if not HEADER.search(section):
        raise QuotationsFormatError(
            "the short-selling table's header is not 'CODE  NAME OF STOCK  (SH)  ($)  (SH)  ($)': its layout changed"
        )
    first_line = page.count("\n", 0, start.end()) + 1
    rows = []
    for offset, line in enumerate(section.split("\n")):
        found = ROW.match(line)
        if found:
            code, _name, shares, value, _total_shares, _total_value = found.groups()
            rows.append((first_line + offset, code, int(shares.replace(",", "")), float(value.replace(",", ""))))
        elif ROW_START.match(line):
            raise QuotationsFormatError(
                f"short-selling table, line {first_line + offset} begins like a row but is not one: {line.rstrip()!r}"
            )
    footer_end = NEXT_SECTION.search(page, end.end())
    stated = STATED_COUNT.search(page[end.start() : footer_end.start() if footer_end else len(page)])
    if stated and int(stated.group(1).replace(",", "")) != len(rows):
        raise QuotationsFormatError(
            f"the short-selling table says {stated.group(1)} securities recorded short selling, "
            f"but {len(rows)} rows were read"
        )
    return pl.DataFrame(
        rows,
        schema={"source_row": pl.Int64, "code": pl.String, "short_volume": pl.Int64, "short_turnover": pl.Float64},
        orient="row",
    )
