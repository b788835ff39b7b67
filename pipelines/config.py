"""Configuration: where the project's own files are, and the runtime settings (docs/configuration.md).

Layer 0: imports nothing of `pipelines`. Every other layer may import it.
"""

import os
import re
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DIR = PROJECT_ROOT / "pipelines" / "reference"
SAMPLE_DIR = PROJECT_ROOT / "warehouse" / "sample"
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"

# A day's report, in its folder `reports/YYYY-MM-DD/`: written by report/render.py, read by
# delivery/ and named by `hkclose`. The languages in the report's order.
REPORT_LANGUAGES = ("en", "zh-HK")
REPORT_JSON_FILE = "closing_report.json"
REPORT_MARKDOWN_FILES = {"en": "closing_report.md", "zh-HK": "closing_report.zh-HK.md"}
REPORT_HTML_FILES = {"en": "closing_report.html", "zh-HK": "closing_report.zh-HK.html"}

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
    # Where failed runs and missed deadlines are posted (JSON), besides logs/alerts.log.
    alert_webhook: str | None = None
    # For a source that keeps its payloads (hkex): replay those in this folder, with no network.
    replay_dir: Path | None = None
    storage_version: str = DEFAULT_STORAGE_VERSION

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
    ) -> "Settings":
        """Settings from plain values, checked; the reports go beside the warehouse unless set."""
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
    def from_env(cls) -> "Settings":
        """Settings from the environment variables that are set; defaults for the others."""
        return cls.from_values(**environment_values())


def environment_values() -> dict[str, str]:
    """The settings given by environment variables, by setting name (unset ones left out)."""
    return {name: os.environ[variable] for name, variable in ENVIRONMENT_VARIABLES.items() if os.environ.get(variable)}
