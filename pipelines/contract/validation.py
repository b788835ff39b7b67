"""Validate a source's frames against the declared schemas, with errors that name file, rows and rule.

Frames are validated many days at a time (the trace columns keep each row's day, file and row),
because one dataframely pass over a month costs about what one pass over a day does.
"""

import dataframely as dy
import polars as pl

from pipelines.contract.errors import Problem
from pipelines.contract.schemas import DEFAULTS, SCHEMAS, TRACE_COLUMNS

_TYPE_WORDS = {
    "Float64": "a number",
    "Int64": "a whole number",
    "Date": "a date (YYYY-MM-DD)",
    "String": "text",
}


def describe_rule(schema: type[dy.Schema], rule: str) -> str:
    """Say a dataframely rule name (`close|min_exclusive`, `primary_key`, ...) in words."""
    if rule == "primary_key":
        key = [c for c in schema.primary_key() if c not in TRACE_COLUMNS]
        return f"duplicated key ({', '.join(key)})"
    if "|" not in rule:
        return f"breaks the rule '{rule}'"
    column_name, check = rule.split("|", 1)
    column = schema.columns()[column_name]
    if check == "dtype" and isinstance(column, dy.Enum):
        return f"{column_name} is not one of {', '.join(column.categories)}"
    limits = {
        "min": f"must be at least {column.__dict__.get('min')}",
        "min_exclusive": f"must be greater than {column.__dict__.get('min_exclusive')}",
        "max": f"must be at most {column.__dict__.get('max')}",
        "max_exclusive": f"must be less than {column.__dict__.get('max_exclusive')}",
        "nullability": "is missing",
        "dtype": f"is not {_TYPE_WORDS.get(type(column).__name__, str(column.dtype))}",
        "regex": f"does not match {column.__dict__.get('regex')}",
        "min_length": "is empty",
        "unique": "is duplicated",
        "inf": "is infinite",
        "nan": "is not a number",
    }
    return f"{column_name} {limits.get(check, f'breaks {check}')}"


def problems_in(frame: pl.DataFrame, rule: str) -> list[Problem]:
    """One problem per day and file among the given rows (which break `rule`)."""
    grouped = frame.group_by("trade_date", "source_file", maintain_order=True).agg(
        pl.col("source_row").drop_nulls().sort()
    )
    return [
        Problem(file, rule, tuple(rows), day.isoformat() if day else None) for day, file, rows in grouped.iter_rows()
    ]


def missing_columns(kind: str, columns: list[str]) -> list[str]:
    """Required columns of a kind that a file lacks (defaulted columns are not required)."""
    schema = SCHEMAS[kind]
    defaulted = DEFAULTS.get(kind, {})
    return [
        name
        for name, column in schema.columns().items()
        if name not in TRACE_COLUMNS and not column.nullable and name not in defaulted and name not in columns
    ]


TRUE_WORDS = ("true", "t", "yes", "y", "1")
FALSE_WORDS = ("false", "f", "no", "n", "0")


def parse_text(schema: type[dy.Schema], frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Problem]]:
    """Parse dates (ISO) and booleans given as text, which Polars does not cast, naming bad rows."""
    problems = []
    for name, column in schema.columns().items():
        if frame.schema[name] != pl.String:
            continue
        text = pl.col(name).str.strip_chars()
        if isinstance(column, dy.Date):
            parsed, rule = text.str.to_date("%Y-%m-%d", strict=False), f"{name} is not a date (YYYY-MM-DD)"
        elif isinstance(column, dy.Bool):
            lowered = text.str.to_lowercase()
            parsed = pl.when(lowered.is_in(TRUE_WORDS)).then(True).when(lowered.is_in(FALSE_WORDS)).then(False)
            rule = f"{name} is not true or false"
        else:
            continue
        bad = frame.filter(pl.col(name).is_not_null() & (text != "") & parsed.is_null())
        problems += problems_in(bad, rule)
        frame = frame.with_columns(parsed.alias(name))
    return frame, problems


def validate(kind: str, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Problem]]:
    """Cast and check a frame (one or many days of a kind) against its schema.

    Returns the valid rows and every problem, one per file and broken rule.
    """
    schema = SCHEMAS[kind]
    for column, default in DEFAULTS.get(kind, {}).items():
        filled = pl.col(column).fill_null(default) if column in frame.columns else pl.lit(default)
        frame = frame.with_columns(filled.alias(column))
    missing = [c for c in schema.column_names() if c not in frame.columns]
    frame = frame.with_columns(pl.lit(None).alias(c) for c in missing).select(schema.column_names())
    frame, problems = parse_text(schema, frame)
    valid, failure = schema.filter(frame, cast=True)
    counts = failure.counts()
    if not counts:
        return valid, problems
    details = failure.details()
    for rule in sorted(counts):
        problems += problems_in(details.filter(pl.col(rule) == "invalid"), describe_rule(schema, rule))
    return valid, problems
