"""Configuration: where the project's own files are, and the settings (docs/configuration.md).

Every `HKCLOSE_*` variable is read here, once per process or run, into one typed `Settings`: the
pipeline's own fields, the delivery section (`delivery.py`) and the services' (`services.py`).
The sensors, delivery, the services and `hkclose` all take that object; no other module reads an
`HKCLOSE_*` variable. Secrets (the alert and chat webhooks' URLs, the SMTP password) never show in
its repr (`secrets.py`).

Layer 0: imports nothing of `pipelines` outside this package. Every other layer may import it.
"""

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.config.delivery import DeliverySettings
from pipelines.config.services import ServiceVariables

PROJECT_ROOT = Path(__file__).resolve().parents[2]
REFERENCE_DIR = PROJECT_ROOT / "pipelines" / "reference"
SAMPLE_DIR = PROJECT_ROOT / "warehouse" / "sample"
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"

SOURCES = ("sample", "simulated", "landing", "hkex")
DEFAULT_SOURCE = "sample"
DEFAULT_LANDING_DIR = PROJECT_ROOT / "warehouse" / "landing"
DEFAULT_WAREHOUSE = PROJECT_ROOT / "warehouse" / "hkclose.duckdb"

# Setting -> the environment variable that sets it (all optional).
ENVIRONMENT_VARIABLES = {
    "source": "HKCLOSE_SOURCE",
    "landing_dir": "HKCLOSE_LANDING_DIR",
    "warehouse": "HKCLOSE_WAREHOUSE",
    "reports_dir": "HKCLOSE_REPORTS_DIR",
    "alert_webhook": "HKCLOSE_ALERT_WEBHOOK",
    "replay_dir": "HKCLOSE_REPLAY_DIR",
    "storage_version": "HKCLOSE_STORAGE_VERSION",
    "reports_url": "HKCLOSE_REPORTS_URL",
}
# The warehouse's storage format: DuckDB 1.4's, which DuckDB 1.4 (LTS) and every later release open
# (docs/marts.md#opening-it); `latest` for the running DuckDB's newest.
DEFAULT_STORAGE_VERSION = "v1.4.0"


@dataclass(frozen=True)
class Settings:
    source: str
    landing_dir: Path
    warehouse_path: Path
    reports_dir: Path
    # Where failed runs and missed deadlines are posted (JSON), besides logs/alerts.log. Its path
    # usually holds the webhook's secret: never in the repr.
    alert_webhook: str | None = field(default=None, repr=False)
    # For a source that keeps its payloads (hkex): replay those in this folder, with no network.
    replay_dir: Path | None = None
    storage_version: str = DEFAULT_STORAGE_VERSION
    # The reports folder's public address: the feeds' links, and the mail's and chat's.
    reports_url: str | None = None
    services: ServiceVariables = field(default_factory=ServiceVariables)
    # Checked when the settings load; a problem is raised where delivery is used (`delivery`), so a
    # channel set up by half stops the sending and is said there, and never stops a run.
    delivery_section: DeliverySettings | None = field(default_factory=DeliverySettings)
    delivery_problem: str | None = None

    @property
    def delivery(self) -> DeliverySettings:
        """Who receives the report and how; ValueError naming the variable when set up wrong."""
        if self.delivery_section is None:
            raise ValueError(self.delivery_problem)
        return self.delivery_section

    @property
    def logs_dir(self) -> Path:
        """Service logs and alerts.log, beside the warehouse."""
        return self.warehouse_path.parent / "logs"

    @property
    def lake_dir(self) -> Path:
        """The raw Parquet lake, beside the warehouse file."""
        return self.warehouse_path.parent / "lake"

    @property
    def working_path(self) -> Path:
        """The pipeline's private database, published to `warehouse_path` after each build."""
        return self.warehouse_path.parent / ".work" / self.warehouse_path.name

    @property
    def dbt_target_dir(self) -> Path:
        """dbt's target folder for this warehouse: kept between runs, so its parse of the project is reused."""
        return self.warehouse_path.parent / ".work" / "dbt-target"

    @classmethod
    def from_values(
        cls,
        source: str = DEFAULT_SOURCE,
        landing_dir: str | Path = DEFAULT_LANDING_DIR,
        warehouse: str | Path = DEFAULT_WAREHOUSE,
        reports_dir: str | Path | None = None,
        alert_webhook: str | None = None,
        replay_dir: str | Path | None = None,
        storage_version: str = DEFAULT_STORAGE_VERSION,
        reports_url: str | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> "Settings":
        """Settings from plain values and, for the services' and delivery's sections, the
        environment (`environ`, os.environ by default), checked; the reports go beside the warehouse
        unless set. ValueError naming the variable for a value that cannot be right."""
        environ = os.environ if environ is None else environ
        reports_url = (reports_url or "").strip().rstrip("/") or None
        if source not in SOURCES:
            raise ValueError(f"HKCLOSE_SOURCE={source!r} is not one of {', '.join(SOURCES)}")
        warehouse_path = Path(warehouse).resolve()
        settings = cls(
            source=source,
            landing_dir=Path(landing_dir).resolve(),
            warehouse_path=warehouse_path,
            reports_dir=Path(reports_dir).resolve() if reports_dir else warehouse_path.parent / "reports",
            alert_webhook=alert_webhook or None,
            replay_dir=Path(replay_dir).resolve() if replay_dir else None,
            storage_version=storage_version,
            reports_url=reports_url,
            services=ServiceVariables.from_env(environ),
            **delivery_section(environ, reports_url),
        )
        if not re.fullmatch(r"v\d+\.\d+\.\d+|latest", storage_version):
            raise ValueError(f"HKCLOSE_STORAGE_VERSION={storage_version!r} is not a DuckDB version (v1.4.0) or latest")
        if settings.replay_dir and not settings.replay_dir.is_dir():
            raise ValueError(f"HKCLOSE_REPLAY_DIR={settings.replay_dir} is not a folder")
        for name, path in (("HKCLOSE_WAREHOUSE", warehouse_path), ("HKCLOSE_LANDING_DIR", settings.landing_dir)):
            # Paths reach SQL text (dbt sources, the profile) as quoted literals.
            if any(c in str(path) for c in "'\"\n"):
                raise ValueError(f"{name}={path} holds a quote or a newline; choose a plainer path")
        return settings

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> "Settings":
        """Settings from the environment variables that are set; defaults for the others."""
        environ = os.environ if environ is None else environ
        return cls.from_values(**environment_values(environ), environ=environ)


def environment_values(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The pipeline's settings given by environment variables, by setting name (unset ones left out)."""
    environ = os.environ if environ is None else environ
    return {name: environ[variable] for name, variable in ENVIRONMENT_VARIABLES.items() if environ.get(variable)}


def delivery_section(environ: Mapping[str, str], reports_url: str | None) -> dict:
    """The delivery section, or the problem that keeps it from being read."""
    try:
        return {"delivery_section": DeliverySettings.from_env(environ, reports_url)}
    except ValueError as problem:
        return {"delivery_section": None, "delivery_problem": str(problem)}
