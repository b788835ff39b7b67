"""The `hkclose` command: one Dagster run per call, clear errors for bad arguments."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from tests.helpers import warehouse_env

pytestmark = pytest.mark.e2e  # through Dagster into a temporary warehouse (`make test-fast` leaves it out)

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["backfill", "2025-13-01", "2025-11-21"], "'2025-13-01' is not a date (YYYY-MM-DD)"),
        (["backfill", "2025-11-21", "2025-11-17"], "END 2025-11-17 is before START 2025-11-21"),
        (["backfill", "2025-12-25", "2025-12-26"], "no HKEX trading day"),
        (["report", "2025-11-21", "--source", "ftp"], "'ftp' is not one of sample, simulated, landing, hkex"),
        (["report", "2025-11-21", "--replay", "."], "source 'sample' keeps no payloads to replay: add --source hkex"),
    ],
)
def test_bad_arguments_are_refused_with_the_reason(args: list[str], message: str, monkeypatch, tmp_path: Path) -> None:
    warehouse_env(monkeypatch, tmp_path)
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    # Typer draws errors in a box; compare the words only.
    assert message in " ".join(result.output.translate(str.maketrans("", "", "│╭╮╰╯─")).split())


def test_report_builds_the_day_in_one_run_and_says_where_it_is(monkeypatch, tmp_path: Path) -> None:
    from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus

    from pipelines.definitions import DEFINITIONS
    from pipelines.report.render import REPORT_FILES, ZH_FILES

    home = tmp_path / "dagster"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    settings = warehouse_env(monkeypatch, tmp_path)
    result = runner.invoke(app, ["report", "2025-11-21"])
    assert result.exit_code == 0, result.output
    assert "1 trading day(s) 2025-11-21 .. 2025-11-21 from source 'sample'" in result.output
    assert "hkclose_dbt_models" in result.output and "total" in result.output
    assert (settings.reports_dir / "2025-11-21" / "closing_report.md").exists()

    # One run, of the day only, and it is the run the command names.
    instance = DagsterInstance.get()
    (run,) = instance.get_runs()
    assert run.status == DagsterRunStatus.SUCCESS
    assert run.tags["dagster/asset_partition_range_start"] == run.tags["dagster/asset_partition_range_end"]
    assert run.tags["dagster/asset_partition_range_start"] == "2025-11-21"
    assert f"(run {run.run_id})" in result.output
    # Every asset of the job materialized the day's partition, and nothing else.
    materialized = instance.all_logs(run.run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION)
    assets = {key for assets_def in DEFINITIONS.assets for key in assets_def.keys}
    assert len(assets) == 15
    assert sorted((e.dagster_event.asset_key, e.dagster_event.partition) for e in materialized) == sorted(
        (key, "2025-11-21") for key in assets
    )

    # The paths printed are the report files as written, in the day's folder of the reports.
    day_dir = settings.reports_dir / "2025-11-21"
    lines = result.output.splitlines()
    heading = lines.index(f"The closing report of 2025-11-21 is in {day_dir}/:")
    printed = [Path(line.strip()) for line in lines[heading + 1 : heading + 1 + len(REPORT_FILES + ZH_FILES)]]
    assert printed == [day_dir / name for name in (*REPORT_FILES, *ZH_FILES)]
    assert all(path.is_file() and path.stat().st_size > 0 for path in printed)
    assert f"Every day's reports: {settings.reports_dir / 'index.html'}" in lines
    assert (settings.reports_dir / "index.html").is_file()


def test_a_range_backfill_plans_each_asset_once_and_records_every_day(monkeypatch, tmp_path: Path) -> None:
    from dagster import AssetKey, DagsterEventType, DagsterInstance

    from pipelines.runs import PLANNED_EVENTS_SWITCH

    home = tmp_path / "dagster"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    monkeypatch.delenv(PLANNED_EVENTS_SWITCH, raising=False)
    warehouse_env(monkeypatch, tmp_path)
    result = runner.invoke(app, ["backfill", "2025-11-20", "2025-11-21"])
    assert result.exit_code == 0, result.output
    assert PLANNED_EVENTS_SWITCH not in os.environ

    instance = DagsterInstance.get()
    (run,) = instance.get_runs()
    planned = instance.all_logs(run.run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION_PLANNED)
    materialized = instance.all_logs(run.run_id, of_type=DagsterEventType.ASSET_MATERIALIZATION)
    assets = {event.dagster_event.asset_key for event in planned}
    assert len(planned) == len(assets) == 15
    assert len(materialized) == 2 * len(assets)
    assert instance.get_materialized_partitions(AssetKey(["marts", "stock_daily"])) == {"2025-11-20", "2025-11-21"}


def test_commands_print_what_is_for_the_user_and_no_librarys_warning(tmp_path: Path) -> None:
    # `hkclose health`, mailed by cron, began with Dagster's BetaWarning about backfill_policy.
    # (pytest's own configuration silences such warnings: hence a process of its own.)
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("HKCLOSE_", "DAGSTER_HOME", "PYTHONWARNINGS"))},
        "HKCLOSE_WAREHOUSE": str(tmp_path / "hkclose.duckdb"),
        "DAGSTER_HOME": str(tmp_path / "dagster"),
    }
    (tmp_path / "dagster").mkdir()
    (tmp_path / "dagster" / "dagster.yaml").write_text("")  # as `make` writes it
    hkclose = str(Path(sys.executable).with_name("hkclose"))
    health = subprocess.run([hkclose, "health"], env=environment, capture_output=True, text=True, timeout=120)
    report = subprocess.run(
        [hkclose, "report", "2025-11-21"], env=environment, capture_output=True, text=True, timeout=300
    )
    assert report.returncode == 0, report.stderr[-2000:]
    for output in (health.stdout + health.stderr, report.stdout + report.stderr):
        assert "Warning:" not in output and "warnings.warn" not in output, output[:2000]
    # Its own lines only: one per check (a fresh folder has no services, no report yet).
    lines = (health.stdout + health.stderr).splitlines()
    assert len(lines) >= 4 and all(line.startswith(("ok       ", "PROBLEM  ")) for line in lines), lines
    assert any(line.startswith("PROBLEM  the daemon is not running") for line in lines), lines
