"""HKEX's "List of Securities" (CSV or xlsx) as the securities master, and the Chinese list
(`ListOfSecurities_c.xlsx`) for the Chinese names.

The CSV is UTF-8 with a BOM and a header cell with embedded newlines. The xlsx starts with a title
row and an "Updated as at dd/mm/yyyy" row (截至 dd/mm/yyyy in Chinese) above the header, and its
stored sheet dimension is wrong, so every row is read regardless of it. The header is found where
it is (a file re-saved from a spreadsheet may gain or lose the rows above it), columns by their
header (HKEX dropped and renamed some in 2025), never by position; a row's number is the file's.
"""

import csv
from pathlib import Path

import openpyxl
import polars as pl

from pipelines.reference.securities import sector_for

CATEGORIES = {
    "Equity": "Equity",
    "Exchange Traded Products": "ETP",
    "Real Estate Investment Trusts": "REIT",
    "Derivative Warrants": "Warrant",
    "Inline Warrants": "Warrant",
    "Equity Warrants (Main Board)": "Warrant",
    "Equity Warrants (GEM)": "Warrant",
    "Callable Bull/Bear Contracts": "CBBC",
    "Debt Securities": "Debt",
}
COLUMNS = {
    "Stock Code": "stock_code",
    "Name of Securities": "name",
    "Category": "category",
    "Sub-Category": "sub_category",
}


MASTER_SCHEMA = {
    "source_row": pl.Int64,
    "code": pl.String,
    "name": pl.String,
    "category": pl.String,
    "board": pl.String,
    "sector": pl.String,
    "industry": pl.String,
}


class ListOfSecuritiesError(ValueError):
    """The file is not laid out as HKEX's List of Securities."""


def _read_xlsx(path: Path, first_header: str) -> pl.DataFrame:
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, KeyError or its own errors for a non-workbook
        raise ListOfSecuritiesError(f"{path.name}: not an xlsx workbook ({type(error).__name__})") from None
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()  # the stored dimension undercounts the rows
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return _under_header(path, rows, first_header)


def _read_csv(path: Path, first_header: str) -> pl.DataFrame:
    try:
        with path.open(encoding="utf-8-sig", newline="") as file:
            rows = [list(row) for row in csv.reader(file)]  # a row per record: quoted newlines inside
    except UnicodeDecodeError as error:
        raise ListOfSecuritiesError(f"{path.name}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    return _under_header(path, rows, first_header)


def _under_header(path: Path, rows: list[list], first_header: str) -> pl.DataFrame:
    """The rows under the header row (the first whose first cell is `first_header`, wherever it
    is: a title or a date may stand above it), as text, with `source_row`: the sheet's own row
    number (the header's is its row, the first row 1). Blank rows are dropped, nothing else."""
    header_at = next((i for i, row in enumerate(rows) if row and _text(row[0]).split("\n")[0] == first_header), None)
    if header_at is None:
        raise ListOfSecuritiesError(f"{path.name}: no header row starting with '{first_header}'")
    header = [_text(cell).split("\n")[0] if cell is not None else "" for cell in rows[header_at]]
    body = [
        (number, row + [None] * (len(header) - len(row)))
        for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2)
        if any(_text(cell) for cell in row)
    ]
    columns = {name: [_text(row[i]) or None for _, row in body] for i, name in enumerate(header) if name}
    return pl.DataFrame(
        {"source_row": [number for number, _ in body], **columns},
        schema={"source_row": pl.Int64, **{name: pl.String for name in columns}},
    )


def _text(cell: object) -> str:
    """A cell as text: a whole number stored as a float (a code re-saved by a spreadsheet, 700.0)
    without its decimals."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell).strip()


def _code(stock_code: str | None) -> str | None:
    """A stock code without its leading zeros ("00700", "700" -> "700"); None if it is not one."""
    text = (stock_code or "").strip()
    return (text.lstrip("0") or "0") if text.isdigit() else None


def read_list_of_securities(path: Path, classification: dict[str, str] | None = None) -> pl.DataFrame:
    """The securities master in landing-contract columns, with `source_row` (the file's row); sectors
    from `classification` (code -> HSIC industry), else from the bundled one.

    Every row under the header is read: one without a stock code is left out only when it names no
    security either (a note under the list); one that names a security without a readable code
    stops the read, naming its rows."""
    reader = _read_xlsx if path.suffix.lower() == ".xlsx" else _read_csv
    frame = reader(path, "Stock Code")
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ListOfSecuritiesError(f"{path.name}: missing column(s) {', '.join(missing)}")
    frame = frame.rename(COLUMNS)
    rows, unreadable = [], []
    for source_row, stock_code, name, category, sub_category in frame.select(
        "source_row", "stock_code", "name", "category", "sub_category"
    ).iter_rows():
        code = _code(stock_code)
        if code is None:
            if name or category:
                unreadable.append(f"row {source_row} ({stock_code!r}, {name!r})")
            continue
        short = CATEGORIES.get(category or "", category or "Other")
        sector, industry = sector_for(code, short, classification)
        board = "GEM" if sub_category and "GEM" in sub_category else "MAIN"
        rows.append((source_row, code, (name or "").strip(), short, board, sector, industry))
    if unreadable:
        shown = "; ".join(unreadable[:5]) + (f"; and {len(unreadable) - 5} more" if len(unreadable) > 5 else "")
        raise ListOfSecuritiesError(f"{path.name}: a security with no stock code that can be read (digits): {shown}")
    if not rows:
        raise ListOfSecuritiesError(f"{path.name}: no security under its header (no row with a numeric Stock Code)")
    # Typed, not inferred: a column of nothing but nulls (no industry for any row) would be
    # inferred as Null and break the joins after it.
    return pl.DataFrame(rows, schema=MASTER_SCHEMA, orient="row")


def read_chinese_names(path: Path) -> pl.DataFrame:
    """(code, name_zh) from HKEX's Chinese List of Securities (股份代號, 股份名稱)."""
    frame = _read_xlsx(path, first_header="股份代號")
    if "股份名稱" not in frame.columns:
        raise ListOfSecuritiesError(f"{path.name}: no column 股份名稱")
    return (
        frame.select(code=pl.col("股份代號").map_elements(_code, return_dtype=pl.String), name_zh=pl.col("股份名稱"))
        .filter(pl.col("code").is_not_null(), pl.col("name_zh").str.len_chars() > 0)
        .unique("code", keep="first", maintain_order=True)
    )
