"""The layers of docs/architecture.md hold: no import against their order, no import cycle.

The contracts are import-linter's, in pyproject.toml; imports inside functions count.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.config import PROJECT_ROOT

LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"], cwd=root, env={"PYTHONPATH": str(root)}, capture_output=True, text=True
    )


def test_the_package_keeps_its_layers_and_has_no_import_cycle() -> None:
    result = lint_imports(PROJECT_ROOT)
    assert result.returncode == 0, result.stdout
    assert "Contracts: 3 kept, 0 broken." in result.stdout


@pytest.fixture
def copy_of_the_package(tmp_path: Path) -> Path:
    shutil.copytree(
        PROJECT_ROOT / "pipelines", tmp_path / "pipelines", ignore=shutil.ignore_patterns("*.csv", "__pycache__")
    )
    shutil.copy(PROJECT_ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def plant(module: Path, line: str) -> None:
    """An import inside a function, where it hides from a glance at the top of the file."""
    module.write_text(module.read_text(encoding="utf-8") + f"\n\ndef _planted():\n    {line}\n", encoding="utf-8")


def test_an_import_against_the_order_breaks_the_layers(copy_of_the_package: Path) -> None:
    # A source reaching up into the lake: the shape of the cycle the sources once had.
    plant(copy_of_the_package / "pipelines/sources/simulated.py", "from pipelines.lake.ingest import ingest")
    result = lint_imports(copy_of_the_package)
    assert result.returncode == 1
    assert "Layers: each imports only its own layer or those below it BROKEN" in result.stdout
    assert "pipelines.sources.simulated -> pipelines.lake.ingest" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "reported"),
    [
        # The report reads the warehouse, never the lake (nor a source) directly.
        (
            "report/loading.py",
            "from pipelines.lake.publish import publish",
            "pipelines.report.loading -> pipelines.lake.publish",
        ),
        # The lake takes what a source delivers through the contract, never a source itself.
        (
            "lake/ingest.py",
            "from pipelines.sources.sample import sample_source",
            "pipelines.lake.ingest -> pipelines.sources.sample",
        ),
        # Reference data and the contract are independent of each other.
        (
            "contract/schemas.py",
            "from pipelines.reference import securities",
            "pipelines.contract.schemas -> pipelines.reference.securities",
        ),
    ],
)
def test_layers_side_by_side_never_import_each_other(
    copy_of_the_package: Path, module: str, line: str, reported: str
) -> None:
    plant(copy_of_the_package / "pipelines" / module, line)
    result = lint_imports(copy_of_the_package)
    assert result.returncode == 1
    assert "Layers: each imports only its own layer or those below it BROKEN" in result.stdout
    assert reported in result.stdout


def test_the_chinese_report_borrowing_english_words_is_refused(copy_of_the_package: Path) -> None:
    plant(copy_of_the_package / "pipelines/report/zh/market.py", "from pipelines.report.en.words import amount")
    result = lint_imports(copy_of_the_package)
    assert result.returncode == 1
    assert "pipelines.report.zh is not allowed to import pipelines.report.en" in " ".join(result.stdout.split())
    assert "pipelines.report.zh.market -> pipelines.report.en.words" in result.stdout


def test_a_cycle_inside_a_layer_is_found(copy_of_the_package: Path) -> None:
    plant(copy_of_the_package / "pipelines/report/rules.py", "from pipelines.report import loading")
    plant(copy_of_the_package / "pipelines/report/loading.py", "from pipelines.report import rules")
    result = lint_imports(copy_of_the_package)
    assert result.returncode == 1
    assert "No import cycle BROKEN" in result.stdout
