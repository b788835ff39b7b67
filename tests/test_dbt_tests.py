"""dbt's unit tests (breadth rule, HKD conversion, as-of macro join), the tests of the reference
data (seeds, the calendar), and the mart key test, run against the sample run's warehouse."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from pipelines.config import DBT_PROJECT_DIR
from tests.helpers import SampleRun


def dbt_test(selection: str, warehouse: Path, lake: Path, scratch: Path) -> subprocess.CompletedProcess:
    dbt = Path(sys.executable).with_name("dbt")
    variables = {"database_path": str(warehouse), "lake_dir": str(lake)}
    return subprocess.run(
        [
            str(dbt),
            "test",
            "--select",
            selection,
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--vars",
            json.dumps(variables),
            "--target-path",
            str(scratch / "target"),
            "--log-path",
            str(scratch / "logs"),
        ],
        cwd=DBT_PROJECT_DIR,
        capture_output=True,
        text=True,
        env={"DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "PATH": str(dbt.parent), "HOME": str(Path.home())},
    )


def test_dbt_unit_tests_and_reference_data_tests_pass(sample_run: SampleRun, tmp_path: Path) -> None:
    result = dbt_test(
        "test_type:unit tag:reference", sample_run.settings.warehouse_path, sample_run.settings.lake_dir, tmp_path
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "PASS=17" in result.stdout  # 3 unit tests, 14 tests of the reference data


def test_the_key_test_fails_on_a_repeated_key_and_on_a_null_key_column(sample_run: SampleRun, tmp_path: Path) -> None:
    warehouse = tmp_path / "hkclose.duckdb"
    shutil.copy(sample_run.settings.warehouse_path, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("insert into marts.stock_daily select * from marts.stock_daily where code = '700'")
        con.execute(
            "insert into marts.stock_daily select * replace (null as code) from marts.stock_daily where code = '9988'"
        )

    result = dbt_test("stock_daily,test_name:primary_key", warehouse, sample_run.settings.lake_dir, tmp_path)
    assert result.returncode == 1
    assert "FAIL 2 primary_key_stock_daily_trade_date__code" in result.stdout, result.stdout[-3000:]
