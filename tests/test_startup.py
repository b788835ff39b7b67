"""Start-up: the code a process imports once is kept out of the garbage collector's sweeps, and
runs invoke dbt through `hkclose-dbt`, dbt's command line started that way."""

import functools
import gc
import inspect
import subprocess
import sys
from pathlib import Path
from unittest.mock import patch

import pytest
from dagster_dbt import DbtCliResource
from dbt.version import __version__ as dbt_core_version
from packaging import version

from pipelines.defs.resources import dbt_resource
from pipelines.startup import long_lived_imports

HKCLOSE_DBT = Path(sys.executable).with_name("hkclose-dbt")


def test_imports_run_without_the_collector_and_what_they_build_is_frozen() -> None:
    frozen_before = gc.get_freeze_count()
    with long_lived_imports():
        assert not gc.isenabled()
        built = [[n] for n in range(1_000)]  # tracked objects, as an import builds them
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen_before + len(built)


def test_the_collector_comes_back_when_an_import_fails() -> None:
    with pytest.raises(ImportError), long_lived_imports():
        import pipelines.no_such_module  # noqa: F401
    assert gc.isenabled()


def in_a_fresh_python(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_importing_the_code_location_has_no_effect_and_loading_it_freezes_it() -> None:
    frozen = in_a_fresh_python(
        "import gc, pipelines.definitions as location\n"
        "print(gc.get_freeze_count())\n"
        "location.defs()  # as Dagster's loader calls it\n"
        "print(gc.get_freeze_count())"
    )
    after_import, after_load = map(int, frozen.split())
    assert after_import == 0
    assert after_load > 100_000  # Dagster, dagster-dbt and dbt-core's objects


def test_the_exit_freeze_is_registered_once() -> None:
    # How many freezes run at exit after three calls: gc.freeze counted, then the exit callbacks run.
    callbacks = in_a_fresh_python(
        "import atexit, gc\n"
        "calls, freeze = [], gc.freeze\n"
        "gc.freeze = lambda: calls.append(1) or freeze()\n"
        "from pipelines.startup import keep_for_the_process as keep\n"
        "keep(); keep(); keep(); during = len(calls)\n"
        "atexit._run_exitfuncs(); print(len(calls) - during)"
    )
    assert callbacks.strip() == "1"


def test_the_dbt_resource_skips_dagster_dbts_version_probe_and_adapter_as_the_pinned_version_names_them() -> None:
    """The two private methods overridden (pipelines/defs/resources.py) buy about a quarter of a
    one-day run. If a new dagster-dbt renames them, the overrides would silently do nothing."""
    base_cli = inspect.getsource(DbtCliResource.cli)
    assert "self._cli_version" in base_cli and "self._initialize_dbt_core_adapter(args)" in base_cli
    assert isinstance(inspect.getattr_static(DbtCliResource, "_cli_version"), functools.cached_property)
    resource = dbt_resource()
    with patch("subprocess.check_output", side_effect=AssertionError("dbt --version was run")):
        assert resource._cli_version == version.parse(dbt_core_version)
    assert resource._initialize_dbt_core_adapter(["build"]) is None


def test_runs_invoke_dbt_through_hkclose_dbt_which_is_dbt_itself() -> None:
    assert dbt_resource().dbt_executable == str(HKCLOSE_DBT)
    version = subprocess.run([HKCLOSE_DBT, "--version"], capture_output=True, text=True, check=True).stdout
    assert f"installed: {dbt_core_version}" in version
    failed = subprocess.run([HKCLOSE_DBT, "no-such-command"], capture_output=True, text=True)
    assert failed.returncode == 2  # dbt's own exit code for a usage error, passed through
    assert "No such command 'no-such-command'" in failed.stderr
