"""HKEX's "List of Securities" (CSV or xlsx) as the securities master, and the Chinese list
(`ListOfSecurities_c.xlsx`) for the Chinese names.

The CSV is UTF-8 with a BOM and a header cell with embedded newlines. The xlsx starts with a title
row and an "Updated as at dd/mm/yyyy" row (截至 dd/mm/yyyy in Chinese) above the header, and its
stored sheet dimension is wrong, so every row is read regardless of it. Columns are found by their
header (HKEX dropped and renamed some in 2025), never by position.
"""

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


def _read_xlsx(path: Path, first_header: str = "Stock Code") -> pl.DataFrame:
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, KeyError or its own errors for a non-workbook
        raise ListOfSecuritiesError(f"{path.name}: not an xlsx workbook ({type(error).__name__})") from None
    sheet = workbook.worksheets[0]
    sheet.reset_dimensions()  # the stored dimension undercounts the rows
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    header_at = next((i for i, row in enumerate(rows) if row and row[0] == first_header), None)
    if header_at is None:
        raise ListOfSecuritiesError(f"{path.name}: no header row starting with '{first_header}'")
    header = [str(cell).split("\n")[0] if cell is not None else "" for cell in rows[header_at]]
    body = [row + [None] * (len(header) - len(row)) for row in rows[header_at + 1 :] if row and row[0] is not None]
    return pl.DataFrame(
        {name: [None if r[i] is None else str(r[i]) for r in body] for i, name in enumerate(header) if name},
        schema={name: pl.String for name in header if name},
    )


def _read_csv(path: Path) -> pl.DataFrame:
    frame = pl.read_csv(path, infer_schema=False, encoding="utf8")
    return frame.rename({c: c.lstrip("\ufeff").split("\n")[0] for c in frame.columns})


def read_list_of_securities(path: Path, classification: dict[str, str] | None = None) -> pl.DataFrame:
    """The securities master in landing-contract columns, with `source_row` (the file's row); sectors
    from `classification` (code -> HSIC industry), else from the bundled one."""
    frame = _read_xlsx(path) if path.suffix.lower() == ".xlsx" else _read_csv(path)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ListOfSecuritiesError(f"{path.name}: missing column(s) {', '.join(missing)}")
    first_row = 4 if path.suffix.lower() == ".xlsx" else 2
    frame = frame.rename(COLUMNS).with_row_index("source_row", offset=first_row)
    rows = []
    for source_row, stock_code, name, category, sub_category in frame.select(
        "source_row", "stock_code", "name", "category", "sub_category"
    ).iter_rows():
        if not stock_code or not str(stock_code).strip().isdigit():
            continue  # the list's trailing notes and blank rows
        code = str(stock_code).strip().lstrip("0")
        short = CATEGORIES.get(category or "", category or "Other")
        sector, industry = sector_for(code, short, classification)
        board = "GEM" if sub_category and "GEM" in sub_category else "MAIN"
        rows.append((source_row, code, (name or "").strip(), short, board, sector, industry))
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
        frame.select(code=pl.col("股份代號").str.strip_chars(), name_zh=pl.col("股份名稱").str.strip_chars())
        .filter(pl.col("code").str.contains(r"^\d+$"), pl.col("name_zh").str.len_chars() > 0)
        .with_columns(pl.col("code").str.strip_chars_start("0"))
        .unique("code", keep="first")
    )
