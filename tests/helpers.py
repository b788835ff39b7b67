"""What several test modules share: a temporary warehouse, a run through Dagster, the sample run."""

import ast
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance, materialize
from filelock import FileLock

import pipelines
from pipelines.config import Settings
from pipelines.definitions import DEFINITIONS
from pipelines.defs.resources import HkcloseResource

SAMPLE_DAY = date(2025, 11, 21)
SAMPLE_WEEK = [date(2025, 11, d) for d in (17, 18, 19, 20, 21)]


def warehouse_env(monkeypatch: pytest.MonkeyPatch, root: Path, source: str = "sample") -> Settings:
    """Point every hkclose path at a temporary folder."""
    monkeypatch.setenv("HKCLOSE_SOURCE", source)
    monkeypatch.setenv("HKCLOSE_WAREHOUSE", str(root / "hkclose.duckdb"))
    monkeypatch.delenv("HKCLOSE_REPORTS_DIR", raising=False)
    monkeypatch.setenv("HKCLOSE_LANDING_DIR", str(root / "landing"))
    return Settings.from_env()


def materialize_days(
    partition_key: str | None = None,
    partition_range: tuple[str, str] | None = None,
    instance: DagsterInstance | None = None,
):
    """Materialize every asset through Dagster for one day or a range (one run), with the settings
    of the environment as it is now (as a code location loaded now would have them)."""
    tags = {}
    if partition_range:
        tags = {
            "dagster/asset_partition_range_start": partition_range[0],
            "dagster/asset_partition_range_end": partition_range[1],
        }
    return materialize(
        assets=list(DEFINITIONS.assets),
        resources={**DEFINITIONS.resources, "hkclose": HkcloseResource.from_env()},
        partition_key=partition_key,
        tags=tags,
        instance=instance or DagsterInstance.ephemeral(),
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


def english_outside_names(markdown: str, names: set[str]) -> list[str]:
    """Latin words of a Chinese report that are not part of a security's name, a code (700.HK),
    a file path, the M3 of 'M3貨幣供應' or the IP of an 'IP' character (as Hong Kong's Chinese press
    writes both)."""
    for name in sorted(names, key=len, reverse=True):
        markdown = markdown.replace(name, "")
    markdown = re.sub(r"\d+\.HK|M3|IP|warehouse/\S+|\(\S+\.(csv|htm|js|json|xlsx)\)", "", markdown)
    return re.findall(r"[A-Za-z]{2,}", markdown)


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """A folder `build` fills once for the whole test session, whichever test process asks first
    (pytest-xdist's recipe for session fixtures); the others wait for it. Read it, or copy it: never
    change it in place."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # the session's, not older ones'
    folder = shared / name
    with FileLock(f"{folder}.lock"):
        if not (folder / ".built").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder / ".built").touch()
    return folder


def found_in_the_package(
    finder: Callable[[ast.AST], list[tuple[int, str]]], outside: str
) -> list[tuple[str, int, str]]:
    """(module, line, what) of each place `finder` finds in a module of `pipelines`, but for the
    package `outside` (the one place the finding belongs)."""
    package = Path(pipelines.__file__).parent
    return [
        (str(module.relative_to(package)), line, what)
        for module in sorted(package.rglob("*.py"))
        if module.relative_to(package).parts[0] != outside
        for line, what in finder(ast.parse(module.read_text(encoding="utf-8")))
    ]
