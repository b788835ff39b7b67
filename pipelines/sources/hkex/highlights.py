"""Parse the MARKET HIGHLIGHTS of HKEX's Daily Quotations page: the Hang Seng Index and the Hang
Seng China Enterprises Index, and the exchange's own totals of the day.

As a genuine copy shows it (2 Oct 2018, tests/fixtures/hkex/genuine/), each index row carries five
figures under "Morning Closing, Afternoon Closing, Prev, Change, %change", for example
`HANG SENG INDEX   27333.71 27126.38 27788.52   -662.14  -2.383`; a long name wraps, its figures on
the second line (`HANG SENG CHINA` / `ENTERPRISES INDEX 10827.70 ...`); a rise is signed (`+10.37`).
A figure the day lacks is `-` (no morning session, a half day without an afternoon), read as
missing: the close is the afternoon's, else the morning's. The parser checks that close minus
previous close is the change, and the change over the previous close the % change, so a page laid
out otherwise is rejected rather than read wrong. The totals are read by their labels: `(HK$):`
under "Today's Turnover", and `Advanced`, `Declined` and `Unchanged`.
"""

import html
import re

import polars as pl

from pipelines.sources.hkex.quotations import QuotationsFormatError, number

SECTION_START = re.compile(
    r'<a\s+name\s*=\s*"market_highlights"\s*>|^\s*MARKET HIGHLIGHTS', re.IGNORECASE | re.MULTILINE
)
SECTION_END = re.compile(r'<a\s+name\s*=\s*"quotations"\s*>', re.IGNORECASE)
FIGURE = r"([+-]?[\d,]+\.\d+|-)"
INDEX_ROW = re.compile(
    rf"^\s*(?P<label>[A-Z][A-Z .&'-]*?INDEX)\s+{FIGURE}\s+{FIGURE}\s+{FIGURE}\s+{FIGURE}\s+{FIGURE}\s*$"
)
# Labels as the page prints them, to the codes the landing contract uses.
INDEXES = {"HANG SENG INDEX": "HSI", "ENTERPRISES INDEX": "HSCEI"}
TOTALS = {
    "total_turnover_hkd": re.compile(r"^\(HK\$\):\s*([\d,]+)", re.MULTILINE),
    "advanced": re.compile(r"^Advanced\s*:\s*([\d,]+)", re.MULTILINE),
    "declined": re.compile(r"^Declined\s*:\s*([\d,]+)", re.MULTILINE),
    "unchanged": re.compile(r"^Unchanged\s*:\s*([\d,]+)", re.MULTILINE),
}


def highlights_section(page: str) -> str:
    start = SECTION_START.search(page)
    if not start:
        raise QuotationsFormatError("no MARKET HIGHLIGHTS section")
    end = SECTION_END.search(page, start.end())
    return html.unescape(page[start.end() : end.start() if end else len(page)])


def parse_index_levels(page: str) -> pl.DataFrame:
    """HSI and HSCEI: close, previous close and the line they came from (`source_row`)."""
    section = highlights_section(page)
    first_line = page.count("\n", 0, SECTION_START.search(page).end()) + 1
    rows = []
    for offset, line in enumerate(section.split("\n")):
        found = INDEX_ROW.match(line)
        if not found:
            continue
        code = next((c for label, c in INDEXES.items() if found["label"].endswith(label)), None)
        if code is None:
            continue
        morning, afternoon, prev_close, change, change_pct = (number(found.group(i)) for i in range(2, 7))
        close = afternoon if afternoon is not None else morning
        if close is None:
            raise QuotationsFormatError(
                f"MARKET HIGHLIGHTS, line {first_line + offset}: the {found['label']} row has no closing figure"
            )
        if None not in (prev_close, change, change_pct) and (
            abs(close - prev_close - change) > 0.011 or abs(change / prev_close * 100 - change_pct) > 0.0015
        ):
            raise QuotationsFormatError(
                f"MARKET HIGHLIGHTS, line {first_line + offset}: the {found['label']} row's figures do not add up "
                "as close, previous close, change and % change"
            )
        rows.append({"source_row": first_line + offset, "index_code": code, "close": close, "prev_close": prev_close})
    missing = sorted(set(INDEXES.values()) - {r["index_code"] for r in rows})
    if missing:
        raise QuotationsFormatError(f"MARKET HIGHLIGHTS holds no row for {', '.join(missing)}")
    return pl.DataFrame(rows).with_columns(pl.col("source_row").cast(pl.Int64))


def parse_exchange_totals(page: str) -> pl.DataFrame:
    """The exchange's total turnover (required) and its advanced, declined and unchanged counts."""
    section = highlights_section(page)
    values: dict[str, float | int | None] = {}
    for column, pattern in TOTALS.items():
        found = pattern.search(section)
        values[column] = int(found.group(1).replace(",", "")) if found else None
    if values["total_turnover_hkd"] is None:
        raise QuotationsFormatError("MARKET HIGHLIGHTS has no '(HK$):' line under Today's Turnover")
    return pl.DataFrame(
        [{"source_row": None, **values}],
        schema={"source_row": pl.Int64, "total_turnover_hkd": pl.Float64, **dict.fromkeys(list(TOTALS)[1:], pl.Int64)},
    )
