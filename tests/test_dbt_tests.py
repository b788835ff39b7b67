"""dbt's unit tests (breadth rule, HKD conversion, one sector level, as-of macro join), the tests of
the reference data (seeds, the calendar), and a mart's rows test, run against the sample run's warehouse. The
outcome is read from dbt's run_results.json, test by test, not from its console output."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.config import DBT_PROJECT_DIR
from tests.helpers import SampleRun

pytestmark = pytest.mark.e2e  # through Dagster into a temporary warehouse (`make test-fast` leaves it out)

UNIT_TESTS = {
    "breadth_rule_and_hkd_conversion_in_stock_daily",
    "one_sector_level_in_stock_daily",
    "a_sectors_move_is_a_measure_no_one_stock_owns_unseen",
    "breadth_adds_up_advancers_decliners_and_unchanged",
    "macro_is_joined_as_of_the_trade_date",
}
# unique and not_null on each seed's key, and on the trading calendar's date.
REFERENCE_TESTS = {
    f"{test}_{table}_{column}"
    for test in ("unique", "not_null")
    for table, column in [
        ("index_reference", "index_code"),
        ("macro_indicators", "indicator"),
        ("security_categories", "category"),
        ("sector_names", "sector"),
        ("calendar_overrides", "date"),
        ("hkex_calendar", "date"),
        ("trading_calendar", "date"),
    ]
}


def dbt_test(
    selection: str, warehouse: Path, scratch: Path, store_failures: bool = False
) -> tuple[subprocess.CompletedProcess, dict]:
    """Run `dbt test` on a selection; its process and its results by test name (from run_results.json)."""
    dbt = Path(sys.executable).with_name("dbt")
    target = scratch / "target"
    variables = {"database_path": str(warehouse)}
    process = subprocess.run(
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
            str(target),
            "--log-path",
            str(scratch / "logs"),
            *(["--store-failures"] if store_failures else []),
        ],
        cwd=DBT_PROJECT_DIR,
        capture_output=True,
        text=True,
        env={"DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "PATH": str(dbt.parent), "HOME": str(Path.home())},
    )
    run_results = target / "run_results.json"
    assert run_results.exists(), process.stdout[-3000:] + process.stderr[-3000:]
    results = {}
    for result in json.loads(run_results.read_text())["results"]:
        # test.<project>.<name>[.<hash>] and unit_test.<project>.<model>.<name>
        kind, _project, *rest = result["unique_id"].split(".")
        results[rest[-1] if kind == "unit_test" else rest[0]] = result
    return process, results


def test_dbt_unit_tests_and_reference_data_tests_pass(sample_run: SampleRun, tmp_path: Path) -> None:
    process, results = dbt_test("test_type:unit tag:reference", sample_run.settings.warehouse_path, tmp_path)
    assert process.returncode == 0, process.stdout[-3000:]
    assert set(results) == UNIT_TESTS | REFERENCE_TESTS
    assert len(results) == 19  # 5 unit tests, 14 tests of the reference data
    assert {name: result["status"] for name, result in results.items()} == dict.fromkeys(results, "pass")


def test_a_marts_rows_test_names_each_broken_rule_and_the_row(sample_run: SampleRun, tmp_path: Path) -> None:
    warehouse = tmp_path / "hkclose.duckdb"
    shutil.copy(sample_run.settings.warehouse_path, warehouse)
    with duckdb.connect(str(warehouse)) as con:
        con.execute("insert into marts.stock_daily select * from marts.stock_daily where code = '700'")
        con.execute(
            "insert into marts.stock_daily select * replace (null as code) from marts.stock_daily where code = '9988'"
        )
        con.execute("update marts.stock_daily set sector = null where code = '5'")
        con.execute("update marts.stock_daily set board = 'STAR' where code = '1299'")
        # the tests look at the window of the warehouse's last build
        days = con.execute(
            "select count(distinct trade_date) from marts.stock_daily"
            " where trade_date >= run.window_start() and trade_date < run.window_end()"
        ).fetchone()[0]

    process, results = dbt_test("stock_daily,test_name:rows_are_valid", warehouse, tmp_path, store_failures=True)
    assert process.returncode == 1
    assert list(results) == ["stock_daily_rows_are_valid"], process.stdout[-3000:]
    rows_test = results["stock_daily_rows_are_valid"]
    # per day: a repeated key, a null key, a null sector, an unknown board
    assert (rows_test["status"], rows_test["failures"]) == ("fail", 4 * days), process.stdout[-3000:]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        failures = con.execute(
            "select rule, row_key, rows_found from dbt_test__audit.stock_daily_rows_are_valid"
            " where row_key like 'trade_date=2025-11-21,%' order by rule, row_key"
        ).fetchall()
    assert failures == [
        ("board is not one of MAIN, GEM", "trade_date=2025-11-21, code=1299", 1),
        ("key (trade_date, code) repeats or has a null", "trade_date=2025-11-21, code=700", 2),
        ("key (trade_date, code) repeats or has a null", "trade_date=2025-11-21, code=null", 1),
        ("sector is null", "trade_date=2025-11-21, code=5", 1),
    ]


def test_a_rows_test_quotes_its_values_so_a_quote_in_one_is_a_value(tmp_path: Path) -> None:
    # Rules and accepted values reached the SQL as unescaped text: O'Neil broke the query.
    rows = "(select * from (values ('O''Neil', 1), ('X', 2)) as t(name, n))"
    test = f"""{{{{ test_rows_are_valid(model="{rows}", keys=[['n']], accepted_values={{'name': ["O'Neil"]}}) }}}}"""
    dbt = Path(sys.executable).with_name("dbt")
    shown = subprocess.run(
        [
            str(dbt), "show", "--inline", test, "--output", "json", "--profiles-dir", str(DBT_PROJECT_DIR),
            "--vars", json.dumps({"database_path": str(tmp_path / "scratch.duckdb")}),
            "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs"),
        ],
        cwd=DBT_PROJECT_DIR, capture_output=True, text=True,
        env={"DBT_SEND_ANONYMOUS_USAGE_STATS": "false", "PATH": str(dbt.parent), "HOME": str(Path.home())},
    )  # fmt: skip
    assert shown.returncode == 0, shown.stdout[-3000:]
    found = json.loads(shown.stdout[shown.stdout.index("{") :])["show"]
    assert found == [{"rule": "name is not one of O'Neil", "row_key": "n=2", "rows_found": 1}]
