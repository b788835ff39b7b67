"""Parse the SHORT SELLING TURNOVER - DAILY REPORT of HKEX's Daily Quotations page.

Its table, as public copies of the page show it, is headed `CODE NAME OF STOCK (SH) ($) (SH) ($)`
under `Total Short Selling Turnover` and `Total Turnover`; each row is an optional marker, the
code, the short name, then the short-sold shares and value and the security's total shares and
value of the day; the table ends at `Total Shares (SH):`. Values are in the counter's currency.
"""

import html
import re

import polars as pl

from pipelines.sources.hkex_quotations import QuotationsFormatError

SECTION_START = re.compile(r'<a\s+name\s*=\s*"short_selling"\s*>', re.IGNORECASE)
SECTION_END = re.compile(r'<a\s+name\s*=\s*"adj_short"\s*>|Total Shares \(SH\):', re.IGNORECASE)
HEADER = re.compile(r"CODE\s+NAME OF STOCK\s+\(SH\)\s+\(\$\)\s+\(SH\)\s+\(\$\)")
ROW = re.compile(r"^\s*[%#*]?\s*(\d{1,5})\s+(.+?)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s*$")
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
    return pl.DataFrame(
        rows,
        schema={"source_row": pl.Int64, "code": pl.String, "short_volume": pl.Int64, "short_turnover": pl.Float64},
        orient="row",
    )
