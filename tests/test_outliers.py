"""A stock move beyond the outlier bound (docs/data-contract.md): a non-blocking warning check,
and the stock kept out of the report until the quotes file confirms the move."""

import shutil
from pathlib import Path

import polars as pl
import pytest
from dagster import AssetCheckSeverity

from pipelines.config import SAMPLE_DIR
from tests.helpers import materialize_days, warehouse_env

pytestmark = pytest.mark.e2e  # through Dagster into a temporary warehouse (`make test-fast` leaves it out)


def landing_with_tencent_at(tmp_path: Path, close: float, confirmed: bool | None) -> Path:
    landing = tmp_path / "landing"
    shutil.copytree(SAMPLE_DIR, landing)
    path = landing / "quotes" / "2025-11-21.csv"
    quotes = pl.read_csv(path, infer_schema=False).with_columns(
        close=pl.when(pl.col("code") == "700").then(pl.lit(str(close))).otherwise(pl.col("close")),
        is_large_move_confirmed=pl.when(pl.col("code") == "700").then(pl.lit(confirmed)).otherwise(None),
    )
    quotes.write_csv(path)
    return landing


def plausibility_check(result):
    (check,) = [c for c in result.get_asset_check_evaluations() if c.check_name == "stock_moves_are_plausible"]
    return check


def test_an_unconfirmed_outlier_warns_and_stays_out_of_the_report(tmp_path: Path, monkeypatch) -> None:
    settings = warehouse_env(monkeypatch, tmp_path, source="landing")
    landing_with_tencent_at(tmp_path, 99_999_999_999, confirmed=None)
    result = materialize_days(partition_key="2025-11-21")
    assert result.success  # the day is written: the check does not block
    check = plausibility_check(result)
    assert (check.passed, check.severity) == (False, AssetCheckSeverity.WARN)
    report = (settings.reports_dir / "2025-11-21" / "closing_report.md").read_text()
    assert "Tencent" not in report
    assert "Alibaba (9988.HK) closing price HKD 147.60" in report


def test_a_confirmed_large_move_passes_and_is_reported(tmp_path: Path, monkeypatch) -> None:
    settings = warehouse_env(monkeypatch, tmp_path, source="landing")
    landing_with_tencent_at(tmp_path, 3_660.0, confirmed=True)  # six times the previous close, confirmed
    result = materialize_days(partition_key="2025-11-21")
    assert result.success and plausibility_check(result).passed
    report = (settings.reports_dir / "2025-11-21" / "closing_report.md").read_text()
    assert "Tencent Holdings (700.HK) closing price HKD 3,660.00, up 489.37%" in report
