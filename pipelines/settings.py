"""Runtime settings from the environment (the interface documented in docs/configuration.md)."""

import os
from dataclasses import dataclass
from pathlib import Path

from pipelines.paths import PROJECT_ROOT

SOURCES = ("sample", "simulated", "landing", "hkex")


@dataclass(frozen=True)
class Settings:
    source: str
    landing_dir: Path
    warehouse_path: Path
    reports_dir: Path

    @property
    def lake_dir(self) -> Path:
        """The raw Parquet lake, beside the warehouse file."""
        return self.warehouse_path.parent / "lake"

    @property
    def working_path(self) -> Path:
        """The pipeline's private database, published to `warehouse_path` after each build."""
        return self.warehouse_path.parent / ".work" / self.warehouse_path.name

    @classmethod
    def from_env(cls) -> "Settings":
        source = os.environ.get("HKCLOSE_SOURCE", "sample")
        if source not in SOURCES:
            raise ValueError(f"HKCLOSE_SOURCE={source!r} is not one of {', '.join(SOURCES)}")
        warehouse = Path(os.environ.get("HKCLOSE_WAREHOUSE", PROJECT_ROOT / "warehouse" / "hkclose.duckdb"))
        settings = cls(
            source=source,
            landing_dir=Path(os.environ.get("HKCLOSE_LANDING_DIR", PROJECT_ROOT / "warehouse" / "landing")).resolve(),
            warehouse_path=warehouse.resolve(),
            reports_dir=Path(os.environ.get("HKCLOSE_REPORTS_DIR", warehouse.parent / "reports")).resolve(),
        )
        for name, path in (("HKCLOSE_WAREHOUSE", settings.warehouse_path), ("HKCLOSE_LANDING_DIR", settings.landing_dir)):
            # Paths reach SQL text (dbt sources, the profile) as quoted literals.
            if any(c in str(path) for c in "'\"\n"):
                raise ValueError(f"{name}={path} holds a quote or a newline; choose a plainer path")
        return settings
