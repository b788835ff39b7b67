"""The landing contract: bad files are rejected with the file, rows and rule, and nothing is loaded."""

import gzip
import logging
import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from pipelines.config import SAMPLE_DIR
from pipelines.contract.errors import InvalidDay
from pipelines.lake.ingest import ingest, validated_day
from pipelines.sources.landing import LandingSource

DAY = date(2025, 11, 21)
QUOTES = f"quotes/{DAY}.csv"


@pytest.fixture()
def landing(tmp_path: Path) -> Path:
    """The sample's 2025-11-21 files, cut to a few securities."""
    root = tmp_path / "landing"
    keep = ["9988", "700", "81810", "1", "2"]
    securities = pl.read_csv(SAMPLE_DIR / "securities.csv", infer_schema=False)
    root.mkdir()
    securities.filter(pl.col("code").is_in(keep)).write_csv(root / "securities.csv")
    (root / "quotes").mkdir()
    quotes = pl.read_csv(SAMPLE_DIR / QUOTES, infer_schema=False)
    quotes.filter(pl.col("code").is_in(keep)).write_csv(root / QUOTES)
    for kind in ("indexes", "fx", "macro"):
        shutil.copytree(SAMPLE_DIR / kind, root / kind)
    return root


def edit_quotes(root: Path, change) -> None:
    path = root / QUOTES
    change(pl.read_csv(path, infer_schema=False)).write_csv(path)


def rejection(root: Path) -> str:
    with pytest.raises(InvalidDay) as caught:
        validated_day(LandingSource(root), DAY)
    return str(caught.value)


def test_valid_files_load_with_codes_normalised(landing: Path) -> None:
    frames = validated_day(LandingSource(landing), DAY)
    assert sorted(frames["quotes"]["code"]) == ["1", "2", "700", "81810", "9988"]
    assert frames["quotes"].filter(pl.col("code") == "9988")["close"].item() == 147.6


def test_leading_zeros_in_codes_are_dropped(landing: Path) -> None:
    edit_quotes(
        landing,
        lambda q: q.with_columns(
            pl.when(pl.col("code") == "700").then(pl.lit("00700")).otherwise("code").alias("code")
        ),
    )
    assert "700" in validated_day(LandingSource(landing), DAY)["quotes"]["code"].to_list()


def test_missing_required_column_is_named(landing: Path) -> None:
    edit_quotes(landing, lambda q: q.drop("turnover"))
    assert f"{QUOTES}: missing required column(s): turnover" in rejection(landing)


def test_negative_price_names_file_row_and_rule(landing: Path) -> None:
    edit_quotes(
        landing,
        lambda q: q.with_columns(pl.when(pl.col("code") == "700").then(pl.lit("-1")).otherwise("close").alias("close")),
    )
    assert f"{QUOTES}: row 4: close must be greater than 0" in rejection(landing)


def test_value_of_the_wrong_type_is_named(landing: Path) -> None:
    edit_quotes(
        landing,
        lambda q: q.with_columns(
            pl.when(pl.col("code") == "9988").then(pl.lit("lots")).otherwise("volume").alias("volume")
        ),
    )
    assert f"{QUOTES}: row 5: volume is not a whole number" in rejection(landing)


def test_duplicated_code_is_rejected(landing: Path) -> None:
    edit_quotes(landing, lambda q: pl.concat([q, q.head(1)]))
    assert f"{QUOTES}: rows 2, 7: duplicated key (code)" in rejection(landing)


def test_high_below_low_is_rejected(landing: Path) -> None:
    edit_quotes(
        landing,
        lambda q: q.with_columns(pl.when(pl.col("code") == "9988").then(pl.lit("1.0")).otherwise("high").alias("high")),
    )
    assert f"{QUOTES}: row 5: breaks the rule 'high_not_below_low'" in rejection(landing)


def test_rows_dated_another_day_are_rejected(landing: Path) -> None:
    edit_quotes(landing, lambda q: q.with_columns(trade_date=pl.lit("2025-11-20")))
    assert f"{QUOTES}: rows 2, 3, 4, 5, 6: rows carry a trade_date other than 2025-11-21" in rejection(landing)


def test_unknown_security_code_is_rejected(landing: Path) -> None:
    edit_quotes(
        landing,
        lambda q: q.with_columns(pl.when(pl.col("code") == "2").then(pl.lit("99999")).otherwise("code").alias("code")),
    )
    assert f"{QUOTES}: row 3: code is not in securities" in rejection(landing)


def test_currency_without_an_fx_rate_is_rejected(landing: Path) -> None:
    (landing / "fx" / f"{DAY}.csv").write_text("currency,hkd_per_unit\nUSD,7.785\n")
    assert f"{QUOTES}: row 6: currency CNY has no fx rate for the day" in rejection(landing)


def test_empty_and_missing_files_are_rejected(landing: Path) -> None:
    (landing / QUOTES).write_text("")
    (landing / "indexes" / f"{DAY}.csv").unlink()
    message = rejection(landing)
    assert f"{QUOTES}: file is empty" in message
    assert "indexes: no indexes file for 2025-11-21" in message


def test_an_invalid_day_loads_nothing(landing: Path, tmp_path: Path) -> None:
    edit_quotes(landing, lambda q: q.drop("close"))
    with pytest.raises(InvalidDay):
        ingest(LandingSource(landing), [DAY], tmp_path / "lake", logging.getLogger("test"))
    assert not (tmp_path / "lake").exists() or not any((tmp_path / "lake").rglob("*.parquet"))


def test_parquet_files_are_read_like_csv(landing: Path) -> None:
    pl.read_csv(landing / QUOTES, infer_schema=False).write_parquet(landing / "quotes" / f"{DAY}.parquet")
    (landing / QUOTES).unlink()
    assert validated_day(LandingSource(landing), DAY)["quotes"].height == 5


def test_currency_and_status_default_to_hkd_and_trading(landing: Path) -> None:
    edit_quotes(landing, lambda q: q.filter(pl.col("code") != "81810").drop("currency", "status"))
    quotes = validated_day(LandingSource(landing), DAY)["quotes"]
    assert set(quotes["currency"]) == {"HKD"} and set(quotes["status"]) == {"TRADING"}


def test_zero_price_is_rejected(landing: Path) -> None:
    edit_quotes(
        landing,
        lambda q: q.with_columns(
            pl.when(pl.col("code") == "1").then(pl.lit("0")).otherwise("prev_close").alias("prev_close")
        ),
    )
    assert f"{QUOTES}: row 2: prev_close must be greater than 0" in rejection(landing)


def test_a_truncated_last_line_is_rejected(landing: Path) -> None:
    path = landing / QUOTES
    path.write_text(path.read_text().rstrip("\n").rsplit(",", 4)[0])
    assert f"{QUOTES}: row 6: the last line is cut short (6 of 10 fields, no final newline)" in rejection(landing)


def test_a_utf8_bom_is_accepted(landing: Path) -> None:
    path = landing / QUOTES
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert validated_day(LandingSource(landing), DAY)["quotes"].height == 5


def test_text_that_is_not_utf8_is_rejected(landing: Path) -> None:
    path = landing / "notes" / f"{DAY}.csv"
    path.parent.mkdir()
    path.write_bytes("code,note\n700,caf\xe9 opens\n".encode("latin-1"))
    assert f"notes/{DAY}.csv: is not UTF-8 text" in rejection(landing)


def test_a_header_without_rows_is_rejected(landing: Path) -> None:
    (landing / QUOTES).write_text("code,close,prev_close,volume,turnover\n")
    assert f"{QUOTES}: file has a header but no rows" in rejection(landing)


def test_an_unknown_status_and_a_trading_security_without_close_are_rejected(landing: Path) -> None:
    edit_quotes(
        landing,
        lambda q: q.with_columns(
            pl.when(pl.col("code") == "1").then(pl.lit("DELISTED")).otherwise("status").alias("status"),
            pl.when(pl.col("code") == "2").then(None).otherwise("close").alias("close"),
        ),
    )
    message = rejection(landing)
    assert f"{QUOTES}: row 2: status is not one of TRADING, SUSPENDED, HALTED" in message
    assert f"{QUOTES}: row 3: breaks the rule 'trading_has_close'" in message


def test_a_bad_date_and_a_bad_flag_are_named(landing: Path) -> None:
    securities = pl.read_csv(landing / "securities.csv", infer_schema=False)
    securities.with_columns(
        pl.when(pl.col("code") == "700").then(pl.lit("21/11/2025")).otherwise("listed_on").alias("listed_on")
    ).write_csv(landing / "securities.csv")
    indexes = landing / "indexes" / f"{DAY}.csv"
    pl.read_csv(indexes).with_columns(is_large_move_confirmed=pl.lit("maybe")).write_csv(indexes)
    message = rejection(landing)
    assert "securities.csv: row 4: listed_on is not a date (YYYY-MM-DD)" in message
    assert f"indexes/{DAY}.csv: rows 2, 3, 4: is_large_move_confirmed is not true or false" in message


def test_a_release_listed_twice_is_a_duplicated_key(landing: Path) -> None:
    releases = landing / "macro" / "releases.csv"
    lines = releases.read_text().splitlines()
    releases.write_text("\n".join([*lines, lines[-2]]) + "\n")
    assert "macro/releases.csv: rows 26, 28: duplicated key (indicator, period, released_on)" in rejection(landing)


def test_extra_columns_are_ignored(landing: Path) -> None:
    edit_quotes(landing, lambda q: q.with_columns(vendor_id=pl.lit("X")))
    assert "vendor_id" not in validated_day(LandingSource(landing), DAY)["quotes"].columns


def test_a_gzip_file_named_csv_is_an_unreadable_file_named_as_such(landing: Path) -> None:
    # Was a bare `_csv.Error: new-line character seen in unquoted field`, naming no file.
    path = landing / QUOTES
    path.write_bytes(gzip.compress(path.read_bytes()))
    assert f"{QUOTES}: unreadable file: not CSV text, it is gzip-compressed: unpack it" in rejection(landing)


def test_a_header_with_a_column_more_than_its_rows_says_they_disagree(landing: Path) -> None:
    # Was "low is not a number" on every row: the values had shifted under the header.
    path = landing / QUOTES
    header, rest = path.read_text().split("\n", 1)
    path.write_text(header.replace("close,", "close,close,", 1) + "\n" + rest)
    message = rejection(landing)
    assert f"{QUOTES}: the header has 11 columns but the rows have 10: they disagree; close appears twice" in message
    assert "is not a number" not in message


def test_a_column_named_twice_is_rejected(landing: Path) -> None:
    path = landing / QUOTES
    header, rest = path.read_text().split("\n", 1)
    path.write_text(header.replace("prev_close", "close") + "\n" + rest)
    assert f"{QUOTES}: the header names close twice" in rejection(landing)


def test_the_optional_files_of_the_exchanges_day_are_checked_like_the_others(landing: Path) -> None:
    (landing / "capital_flows").mkdir()
    (landing / "capital_flows" / f"{DAY}.csv").write_text(
        "channel,buy_turnover_hkd,sell_turnover_hkd\nShanghai,1e9,-5\nNorthbound,1e9,2e9\n"
    )
    (landing / "short_selling").mkdir()
    (landing / "short_selling" / f"{DAY}.csv").write_text("code,short_volume,short_turnover\n99999,100,1000\n")
    (landing / "fx" / f"{DAY}.csv").write_text("currency,hkd_per_unit,rate_date\nCNY,1.09,2025-11-24\n")
    rejected = rejection(landing)
    assert f"capital_flows/{DAY}.csv: row 3: channel is not one of Shanghai, Shenzhen" in rejected
    assert f"capital_flows/{DAY}.csv: row 2: sell_turnover_hkd must be at least 0" in rejected
    assert f"short_selling/{DAY}.csv: row 2: code is not in securities" in rejected
    assert f"fx/{DAY}.csv: row 2: breaks the rule 'rate_not_from_the_future'" in rejected


def test_an_earlier_days_rate_and_the_exchanges_totals_are_loaded(landing: Path) -> None:
    (landing / "fx" / f"{DAY}.csv").write_text("currency,hkd_per_unit,rate_date\nCNY,1.0915,2025-10-31\n")
    (landing / "exchange_totals").mkdir()
    (landing / "exchange_totals" / f"{DAY}.csv").write_text("total_turnover_hkd,advanced\n134061820955,1071\n")
    frames = validated_day(LandingSource(landing), DAY)
    assert frames["fx"].rows() == [("CNY", 1.0915, date(2025, 10, 31))]
    assert frames["exchange_totals"].rows() == [(134_061_820_955.0, 1071, None, None)]
