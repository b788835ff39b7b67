"""Resources: where hkclose reads and writes, and the dbt CLI."""

import sys
from pathlib import Path

from dagster import ConfigurableResource
from dagster_dbt import DbtCliResource, DbtProject

from pipelines.paths import DBT_PROJECT_DIR
from pipelines.settings import Settings

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


class HkcloseResource(ConfigurableResource):
    """The project's settings, read from the environment when a run starts (docs/configuration.md)."""

    def settings(self) -> Settings:
        return Settings.from_env()


def dbt_resource() -> DbtCliResource:
    # The dbt installed beside this Python, so it is found without an activated virtualenv.
    dbt_executable = Path(sys.executable).with_name("dbt")
    return DbtCliResource(
        project_dir=dbt_project,
        profiles_dir=str(DBT_PROJECT_DIR),
        dbt_executable=str(dbt_executable) if dbt_executable.exists() else "dbt",
    )
