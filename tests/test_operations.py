"""Unattended operation without the services: a bad publish rolled back, a day's reports swapped
in together, and old runs purged from the instance."""

from datetime import date
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance
from filelock import FileLock
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.lake.publish import BUILDING_MARKER, previous_path
from pipelines.lake.writer import writer_lock_path
from pipelines.report.loading import load_figures
from pipelines.report.render import DAY_VERSIONS, REPORT_FILES, ZH_FILES, remove_unlinked_versions, write_reports
from tests.helpers import SampleRun, materialize_days, warehouse_env

pytestmark = pytest.mark.e2e  # through Dagster into a temporary warehouse (`make test-fast` leaves it out)


def breadth_days(warehouse: Path) -> list[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return [d.isoformat() for (d,) in con.sql("select trade_date from marts.market_breadth order by 1").fetchall()]


def test_rollback_puts_the_previous_warehouse_back_and_a_second_one_undoes_it(tmp_path: Path, monkeypatch) -> None:
    settings = warehouse_env(monkeypatch, tmp_path)
    assert materialize_days(partition_key="2025-11-20").success
    assert materialize_days(partition_key="2025-11-21").success
    assert breadth_days(settings.warehouse_path) == ["2025-11-20", "2025-11-21"]
    assert breadth_days(previous_path(settings.warehouse_path)) == ["2025-11-20"]

    rolled = CliRunner().invoke(app, ["rollback"])
    assert rolled.exit_code == 0, rolled.output
    assert breadth_days(settings.warehouse_path) == ["2025-11-20"]
    assert breadth_days(previous_path(settings.warehouse_path)) == ["2025-11-20", "2025-11-21"]
    # The next run builds on what is published now, not on the working copy of the bad build.
    assert (settings.working_path.parent / BUILDING_MARKER).exists()
    assert materialize_days(partition_key="2025-11-19").success
    assert breadth_days(settings.warehouse_path) == ["2025-11-19", "2025-11-20"]

    # Never while a run writes: the rollback is refused, and the warehouse stays as it is.
    with FileLock(writer_lock_path(settings.warehouse_path)):
        refused = CliRunner().invoke(app, ["rollback"])
    assert refused.exit_code == 1 and "is writing" in refused.output
    assert breadth_days(settings.warehouse_path) == ["2025-11-19", "2025-11-20"]

    assert CliRunner().invoke(app, ["rollback"]).exit_code == 0
    assert breadth_days(settings.warehouse_path) == ["2025-11-20"]


def test_rollback_without_a_previous_generation_says_so(tmp_path: Path, monkeypatch) -> None:
    warehouse_env(monkeypatch, tmp_path)
    result = CliRunner().invoke(app, ["rollback"])
    assert result.exit_code == 1
    assert "no previous generation" in result.output


def test_a_days_reports_are_swapped_in_together_and_a_killed_write_leaves_the_old_set(
    sample_run: SampleRun, tmp_path: Path
) -> None:
    with duckdb.connect(str(sample_run.settings.warehouse_path), read_only=True) as con:
        figures = load_figures(con, [date(2025, 11, 21)])[date(2025, 11, 21)]
    reports = tmp_path / "reports"
    day = write_reports(figures, {"en": "first", "zh-HK": "第一"}, reports)
    assert day.is_symlink() and sorted(p.name for p in day.iterdir()) == sorted([*REPORT_FILES, *ZH_FILES])
    first = day.resolve()

    # A run killed while writing leaves a folder that was never swapped in: the day still shows
    # the whole first set, and the next run clears the leftover.
    leftover = reports / DAY_VERSIONS / "2025-11-21.killed"
    leftover.mkdir()
    (leftover / "closing_report.md").write_text("half a rep")
    assert "first" in (day / "closing_report.md").read_text()
    remove_unlinked_versions(reports)
    assert not leftover.exists() and first.exists()

    write_reports(figures, {"en": "second", "zh-HK": "第二"}, reports)
    assert "second" in (day / "closing_report.md").read_text() and "second" in (day / "closing_report.html").read_text()
    assert not first.exists()  # the replaced set is removed once the new one is in place


def test_old_runs_and_their_event_logs_are_purged(tmp_path: Path, monkeypatch) -> None:
    warehouse_env(monkeypatch, tmp_path / "wh")
    home = tmp_path / "dagster"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with DagsterInstance.from_config(str(home)) as instance:
        assert materialize_days(partition_key="2025-11-21", instance=instance).success
        run_id = instance.get_runs()[0].run_id
        assert instance.all_logs(run_id)

    kept = CliRunner().invoke(app, ["purge-runs", "--older-than", "1"])
    assert kept.exit_code == 0 and "deleted 0 run(s)" in kept.output
    purged = CliRunner().invoke(app, ["purge-runs", "--older-than", "0"])
    assert purged.exit_code == 0 and "deleted 1 run(s)" in purged.output
    with DagsterInstance.from_config(str(home)) as instance:
        assert instance.get_runs() == [] and instance.all_logs(run_id) == []
