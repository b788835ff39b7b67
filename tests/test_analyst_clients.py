"""The warehouse opens in the DuckDB an analyst has: DuckDB 1.4 (the long-term-support line, in an
environment of its own that `make test` prepares from requirements-duckdb-lts.lock) and the
DuckDB command line `make report` installs, each querying every mart of the published sample week
read-only; and a warehouse of DuckDB's newest format moves over once, with nothing lost and the
one published before it kept for `hkclose rollback`.

Outside CI, without the DuckDB 1.4 environment (`make duckdb-lts`), its test is skipped saying so;
under CI (CI=true) it fails."""

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance

from pipelines.config import PROJECT_ROOT, Settings
from pipelines.lake.publish import previous_path, rollback
from pipelines.lake.storage import format_of_file
from tests.helpers import SAMPLE_DAY, SampleRun, materialize_days, warehouse_env

pytestmark = pytest.mark.e2e  # through Dagster into a temporary warehouse (`make test-fast` leaves it out)

LTS_PYTHON = PROJECT_ROOT / ".venv-duckdb-lts" / "bin" / "python"
CLI = Path(sys.executable).with_name("duckdb")
IN_CI = os.environ.get("CI", "").lower() == "true"

# Every mart's row count, as the client counts them.
COUNT_EVERY_MART = """
import duckdb, json, sys
con = duckdb.connect(sys.argv[1], read_only=True)
tables = "select table_name from information_schema.tables where table_schema = 'marts'"
rows = {m: con.execute(f"select count(*) from marts.{m}").fetchone()[0] for (m,) in con.execute(tables).fetchall()}
print(json.dumps({"version": duckdb.__version__, "rows": rows}))
"""


def rows_per_mart(database: Path) -> dict[str, int]:
    with duckdb.connect(str(database), read_only=True) as con:
        marts = con.execute("select table_name from information_schema.tables where table_schema = 'marts'").fetchall()
        return {m: con.execute(f"select count(*) from marts.{m}").fetchone()[0] for (m,) in marts}


def test_the_published_warehouse_is_in_duckdb_1_4s_storage_format(sample_run: SampleRun) -> None:
    assert format_of_file(sample_run.settings.warehouse_path) == "v1.4.0+"


def test_duckdb_1_4_opens_the_warehouse_and_reads_every_mart(sample_run: SampleRun) -> None:
    if not LTS_PYTHON.exists():
        message = f"no DuckDB 1.4 environment at {LTS_PYTHON.parent.parent}: `make duckdb-lts` prepares it"
        pytest.fail(message) if IN_CI else pytest.skip(message)
    read = subprocess.run(
        [str(LTS_PYTHON), "-c", COUNT_EVERY_MART, str(sample_run.settings.warehouse_path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert read.returncode == 0, read.stderr[-2000:]
    found = json.loads(read.stdout)
    assert found["version"] == "1.4.4"
    expected = rows_per_mart(sample_run.settings.warehouse_path)
    assert found["rows"] == expected and len(expected) >= 13 and all(expected.values())


def test_the_duckdb_command_line_prints_the_top_ten_as_the_readme_says(sample_run: SampleRun) -> None:
    query = f"select rank, code, name from marts.turnover_ranking where trade_date = '{SAMPLE_DAY}' order by rank"
    shown = subprocess.run(
        [str(CLI), "-readonly", "-csv", str(sample_run.settings.warehouse_path), "-c", query],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == "rank,code,name" and lines[1] == "1,9988,Alibaba" and len(lines) == 21


def test_a_warehouse_of_the_newest_format_moves_over_once_and_rollback_puts_it_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = warehouse_env(monkeypatch, tmp_path)
    monkeypatch.setenv("HKCLOSE_STORAGE_VERSION", "latest")
    assert materialize_days(partition_key="2025-11-20").success
    newest = format_of_file(settings.warehouse_path)
    before = rows_per_mart(settings.warehouse_path)
    assert newest != "v1.4.0+" and before["stock_daily"] > 3000

    monkeypatch.delenv("HKCLOSE_STORAGE_VERSION")
    instance = DagsterInstance.ephemeral()
    result = materialize_days(partition_key="2025-11-21", instance=instance)
    assert result.success
    moved = [e.user_message for e in instance.all_logs(result.run_id) if "moved the warehouse" in e.user_message]
    assert len(moved) == 1 and f"from storage format {newest} to v1.4.0+" in moved[0]
    assert format_of_file(settings.warehouse_path) == "v1.4.0+"
    with duckdb.connect(str(settings.warehouse_path), read_only=True) as con:
        days = con.sql("select trade_date, count(*) from marts.stock_daily group by 1 order by 1").fetchall()
    # The day built before the move is all there, beside the day built after it.
    assert days[0] == (SAMPLE_DAY.replace(day=20), before["stock_daily"]) and days[1][0] == SAMPLE_DAY

    # The warehouse published before the move, in the newest format, comes back with rollback.
    assert format_of_file(previous_path(settings.warehouse_path)) == newest
    rollback(Settings.from_env())
    assert format_of_file(settings.warehouse_path) == newest
    assert rows_per_mart(settings.warehouse_path) == before
