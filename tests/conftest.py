"""Shared fixtures: a temporary warehouse, and the sample day materialized through Dagster once."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance, materialize

from pipelines.definitions import defs
from pipelines.settings import Settings

SAMPLE_DAY = date(2025, 11, 21)
SAMPLE_WEEK = [date(2025, 11, d) for d in (17, 18, 19, 20, 21)]


def warehouse_env(monkeypatch: pytest.MonkeyPatch, root: Path, source: str = "sample") -> Settings:
    """Point every hkclose path at a temporary folder."""
    monkeypatch.setenv("HKCLOSE_SOURCE", source)
    monkeypatch.setenv("HKCLOSE_WAREHOUSE", str(root / "hkclose.duckdb"))
    monkeypatch.delenv("HKCLOSE_REPORTS_DIR", raising=False)
    monkeypatch.setenv("HKCLOSE_LANDING_DIR", str(root / "landing"))
    return Settings.from_env()


def materialize_days(partition_key: str | None = None, partition_range: tuple[str, str] | None = None):
    """Materialize every asset through Dagster for one day or a range (one run)."""
    tags = {}
    if partition_range:
        tags = {"dagster/asset_partition_range_start": partition_range[0], "dagster/asset_partition_range_end": partition_range[1]}
    return materialize(
        assets=list(defs.assets),
        resources=defs.resources,
        partition_key=partition_key,
        tags=tags,
        instance=DagsterInstance.ephemeral(),
        raise_on_error=False,
    )


@dataclass(frozen=True)
class SampleRun:
    settings: Settings
    success: bool

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.settings.warehouse_path), read_only=True) as con:
            return con.execute(sql, params or []).fetchall()

    def report_file(self, name: str, day: date = SAMPLE_DAY) -> str:
        return (self.settings.reports_dir / day.isoformat() / name).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> SampleRun:
    """The sample day 2025-11-21, materialized end to end into a temporary warehouse."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        settings = warehouse_env(monkeypatch, tmp_path_factory.mktemp("sample_run"))
        result = materialize_days(partition_key=SAMPLE_DAY.isoformat())
    return SampleRun(settings, result.success)
