"""The daily sensor driven day by day over a holiday, as the daemon would: nothing to fix by hand."""

import shutil
from datetime import date
from pathlib import Path

import pytest
from dagster import DagsterInstance

from bench.unattended import drive, problems
from pipelines.config import PROJECT_ROOT
from tests.helpers import warehouse_env

pytestmark = pytest.mark.e2e  # through Dagster into a temporary warehouse (`make test-fast` leaves it out)


def test_a_week_of_scheduled_runs_leaves_one_set_of_rows_and_one_report_per_trading_day(
    tmp_path: Path, monkeypatch
) -> None:
    settings = warehouse_env(monkeypatch, tmp_path / "wh", source="simulated")
    home = tmp_path / "dagster"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "warehouse" / "dagster" / "dagster.yaml", home)
    runs = drive(date(2024, 12, 23), 3, DagsterInstance.from_config(str(home)), log=lambda _: None)
    assert [(day, ok) for day, ok, _ in runs] == [("2024-12-23", True), ("2024-12-24", True), ("2024-12-27", True)]
    assert problems(settings.warehouse_path, settings.reports_dir, [d for d, _, _ in runs]) == []
