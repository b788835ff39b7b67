"""Every Dagster configuration docs/deployment.md shows, and the committed production one, is what
Dagster accepts: each instance config validates (and each class it names, against that class's own
schema), and the workspace validates. The docs cannot drift from the versions pinned here."""

import importlib
import re
from pathlib import Path

import pytest
import yaml
from dagster._config import validate_config
from dagster._core.instance.config import dagster_instance_config
from dagster._core.workspace.config_schema import process_workspace_config

from pipelines.config import PROJECT_ROOT

DEPLOYMENT = PROJECT_ROOT / "docs" / "deployment.md"
BLOCKS = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", DEPLOYMENT.read_text(), flags=re.DOTALL)]
INSTANCES = [b for b in BLOCKS if "storage" in b or "run_launcher" in b]
WORKSPACES = [b for b in BLOCKS if "load_from" in b]
# Sections of an instance config that name a class to load, with that class's own config.
CLASS_SECTIONS = ("run_launcher", "run_coordinator", "compute_logs", "local_artifact_storage", "scheduler")


def test_the_page_shows_the_variants_it_promises() -> None:
    launchers = sorted(b["run_launcher"]["class"] for b in INSTANCES if "run_launcher" in b)
    assert launchers == ["DockerRunLauncher", "K8sRunLauncher"]
    assert len(WORKSPACES) == 1


def validate_instance(config: dict, folder: Path) -> None:
    (folder / "dagster.yaml").write_text(yaml.safe_dump(config))
    dagster_instance_config(str(folder))  # the instance schema, and Dagster's own cross-checks
    for section in CLASS_SECTIONS:
        if section in config:
            named = config[section]
            klass = getattr(importlib.import_module(named["module"]), named["class"])
            result = validate_config(klass.config_type(), named.get("config", {}))
            assert result.success, (section, [error.message for error in result.errors])


@pytest.mark.parametrize("config", INSTANCES, ids=lambda c: c.get("run_launcher", {}).get("class", "storage"))
def test_each_instance_config_of_the_page_validates(config: dict, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HKCLOSE_PG_URL", "postgresql+psycopg2://hkclose@/dagster?host=/tmp&port=5433")
    monkeypatch.setenv("DAGSTER_PG_PASSWORD", "not-a-password")
    validate_instance(config, tmp_path)


def test_the_committed_production_config_validates(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("HKCLOSE_PG_URL", "postgresql+psycopg2://hkclose@/dagster?host=/tmp&port=5433")
    config = yaml.safe_load((PROJECT_ROOT / "deploy" / "dagster.yaml").read_text())
    assert config["run_retries"] == {"enabled": True, "max_retries": 2, "retry_on_asset_or_op_failure": False}
    validate_instance(config, tmp_path)


def test_an_invalid_config_is_caught(tmp_path: Path) -> None:
    # The check has teeth: a misspelt launcher setting fails against the launcher's own schema.
    config = {"run_launcher": {"module": "dagster_docker", "class": "DockerRunLauncher", "config": {"imagee": "x"}}}
    with pytest.raises(AssertionError):
        validate_instance(config, tmp_path)


def test_the_workspace_variant_validates() -> None:
    for workspace in [*WORKSPACES, yaml.safe_load((PROJECT_ROOT / "workspace.yaml").read_text())]:
        assert process_workspace_config(workspace).success, workspace
