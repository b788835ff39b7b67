"""Resources: hkclose's settings (shown in the UI) and the dbt CLI."""

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from dagster import ConfigurableResource, EnvVar, InitResourceContext
from dagster_dbt import DbtCliResource, DbtProject
from dbt.version import __version__ as dbt_core_version
from packaging import version
from pydantic import Field

from pipelines.config import (
    DBT_PROJECT_DIR,
    DEFAULT_LANDING_DIR,
    DEFAULT_SOURCE,
    DEFAULT_STORAGE_VERSION,
    DEFAULT_WAREHOUSE,
    ENVIRONMENT_VARIABLES,
    SOURCES,
    Settings,
    environment_values,
)
from pipelines.defs.dead_runs import recover_dead_runs
from pipelines.files import remove_leftovers
from pipelines.lake.writer import one_writer

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)

# Every asset that writes the warehouse (the lake, the working database, the reports) takes a slot
# of this pool; the instances give every pool one slot. On one machine the writer lock the run holds
# (below) already keeps writers apart; the pool keeps them apart across machines sharing an instance.
WAREHOUSE_POOL = "hkclose_warehouse"


class HkcloseResource(ConfigurableResource):
    """Where hkclose reads and writes (docs/configuration.md). The code location takes each value
    from its environment variable where one is set; a run's config may override any of them.

    A run that uses it is a writer of the warehouse: from its start to its end it holds the
    warehouse's writer lock (`lake/writer.py`), taken before any of its steps claims a pool slot.
    Having it, the run marks failed the runs that died without saying so and frees their slots
    (`defs/dead_runs.py`), and removes the temporary files they left (`files.remove_leftovers`).
    """

    source: str = Field(default=DEFAULT_SOURCE, description=f"HKCLOSE_SOURCE: {', '.join(SOURCES)}")
    landing_dir: str = Field(default=str(DEFAULT_LANDING_DIR), description="HKCLOSE_LANDING_DIR")
    warehouse: str = Field(default=str(DEFAULT_WAREHOUSE), description="HKCLOSE_WAREHOUSE: the DuckDB file")
    reports_dir: str | None = Field(default=None, description="HKCLOSE_REPORTS_DIR [reports/ beside the warehouse]")
    alert_webhook: str | None = Field(default=None, description="HKCLOSE_ALERT_WEBHOOK: URL alerts are posted to")
    replay_dir: str | None = Field(
        default=None, description="HKCLOSE_REPLAY_DIR: with the hkex source, replay these payloads without the network"
    )
    storage_version: str = Field(
        default=DEFAULT_STORAGE_VERSION,
        description="HKCLOSE_STORAGE_VERSION: the warehouse's storage format (v1.4.0: DuckDB 1.4 and later open it)",
    )
    reports_url: str | None = Field(
        default=None, description="HKCLOSE_REPORTS_URL: the reports folder's public address (the feeds' links)"
    )

    @classmethod
    def from_env(cls) -> "HkcloseResource":
        values: dict = environment_values()
        if "alert_webhook" in values:
            # Read when a run or a sensor starts, and shown in the UI by the variable's name: the
            # URL itself usually holds the webhook's secret.
            values["alert_webhook"] = EnvVar(ENVIRONMENT_VARIABLES["alert_webhook"])
        return cls(**values)

    def settings(self) -> Settings:
        """These values, with the services' and delivery's sections from the process's environment
        (secrets, never shown in the UI)."""
        return Settings.from_values(
            self.source,
            self.landing_dir,
            self.warehouse,
            self.reports_dir,
            self.alert_webhook,
            self.replay_dir,
            self.storage_version,
            self.reports_url,
        )

    @contextmanager
    def yield_for_execution(self, context: InitResourceContext) -> Iterator["HkcloseResource"]:
        run = context.run
        if run is None:  # a sensor or a schedule reading the settings: no run, nothing written
            yield self
            return
        settings = self.settings()
        with one_writer(settings.warehouse_path, context.log, who=f"run {run.run_id} of {run.job_name}"):
            recover_dead_runs(context.instance, context.log, run.run_id, WAREHOUSE_POOL)
            for folder in (settings.warehouse_path.parent, settings.lake_dir, settings.reports_dir):
                for leftover in remove_leftovers(folder):
                    context.log.info("removed %s, left by a run that was killed", leftover)
            yield self


class HkcloseDbtCliResource(DbtCliResource):
    """DbtCliResource without two start-up costs hkclose does not need.

    Before every dbt invocation dagster-dbt asks the executable its version (`dbt --version`,
    about 1.5 s) and loads the dbt adapter in-process (about 2 s), which only serves metadata
    fetched from the warehouse (row counts, column schemas) that hkclose does not fetch. The
    version is the installed dbt-core's (pinned in pyproject.toml), and no adapter is loaded.
    """

    @property
    def _cli_version(self) -> version.Version:
        return version.parse(dbt_core_version)

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:
        return None


def dbt_resource() -> DbtCliResource:
    # dbt as installed beside this Python (found without an activated virtualenv), started by
    # hkclose's own script, which imports dbt without the garbage collector (pipelines/startup.py).
    dbt_executable = Path(sys.executable).with_name("hkclose-dbt")
    return HkcloseDbtCliResource(
        project_dir=dbt_project,
        profiles_dir=str(DBT_PROJECT_DIR),
        dbt_executable=str(dbt_executable) if dbt_executable.exists() else "dbt",
    )
