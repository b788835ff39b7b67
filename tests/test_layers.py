"""The layers of docs/architecture.md hold: no import against their order, no import cycle; no code
outside the sources asks a source's name.

The contracts are import-linter's, in pyproject.toml; imports inside functions count.
"""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.config import PROJECT_ROOT, SOURCES, Settings
from pipelines.sources.registry import SOURCE_TYPES, source_from_settings
from tests.helpers import found_in_the_package

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
        # Delivery sends what the report wrote, as files: it never renders one itself.
        (
            "delivery/mail.py",
            "from pipelines.report.render import render_markdown",
            "pipelines.delivery.mail -> pipelines.report.render",
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


def source_names_compared(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, name) of each comparison with a source's name (`== "hkex"`, `in ("hkex", "landing")`)."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for operand in [node.left, *node.comparators]:
                items = operand.elts if isinstance(operand, ast.Tuple | ast.List | ast.Set) else [operand]
                found += [
                    (node.lineno, item.value)
                    for item in items
                    if isinstance(item, ast.Constant) and item.value in SOURCES
                ]
    return found


def test_no_code_outside_the_sources_asks_a_sources_name() -> None:
    # A source carries its facts (contract.delivery.Source): a new source touches sources/ alone.
    assert found_in_the_package(source_names_compared, outside="sources") == []
    planted = ast.parse('if settings.source in ("hkex", "landing"):\n    pass\nok = source == "sample"')
    assert source_names_compared(planted) == [(1, "hkex"), (1, "landing"), (3, "sample")]


def test_the_registry_builds_every_source_a_setting_may_name(tmp_path: Path) -> None:
    assert tuple(SOURCE_TYPES) == SOURCES
    for name, kind in SOURCE_TYPES.items():
        assert isinstance(kind.replayable, bool) and (kind.published_by is None or kind.published_by.hour >= 16), name
    assert [name for name, kind in SOURCE_TYPES.items() if kind.replayable] == ["hkex"]
    replayed = Settings.from_values(source="sample", warehouse=tmp_path / "hkclose.duckdb", replay_dir=tmp_path)
    with pytest.raises(ValueError, match=r"HKCLOSE_REPLAY_DIR .* 'sample' keeps none \(hkex does\)"):
        source_from_settings(replayed)
