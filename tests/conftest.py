"""Shared fixtures: the sample day materialized through Dagster once (helpers in tests/helpers.py)."""

import pytest

from tests.helpers import SAMPLE_DAY, SampleRun, materialize_days, warehouse_env


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> SampleRun:
    """The sample day 2025-11-21, materialized end to end into a temporary warehouse."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        settings = warehouse_env(monkeypatch, tmp_path_factory.mktemp("sample_run"))
        result = materialize_days(partition_key=SAMPLE_DAY.isoformat())
    return SampleRun(settings, result.success)
