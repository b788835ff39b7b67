"""dbt's unit tests (breadth rule, HKD conversion, as-of macro join) and the tests of the reference
data (seeds, the calendar), run against the sample run's warehouse."""

import json
import subprocess
import sys
from pathlib import Path

from pipelines.paths import DBT_PROJECT_DIR
from tests.conftest import SampleRun


def test_dbt_unit_tests_and_reference_data_tests_pass(sample_run: SampleRun, tmp_path: Path) -> None:
    dbt = Path(sys.executable).with_name("dbt")
    variables = {"database_path": str(sample_run.settings.warehouse_path), "lake_dir": str(sample_run.settings.lake_dir)}
    result = subprocess.run(
        [str(dbt), "test", "--select", "test_type:unit tag:reference", "--profiles-dir", str(DBT_PROJECT_DIR), "--vars", json.dumps(variables),
         "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")],
        cwd=DBT_PROJECT_DIR,
        capture_output=True,
        text=True,
        env={"DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "PATH": str(dbt.parent), "HOME": str(Path.home())},
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "PASS=17" in result.stdout  # 3 unit tests, 14 tests of the reference data
