"""Where the project's own files live (not the runtime data, which `settings` resolves)."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
REFERENCE_DIR = PROJECT_ROOT / "pipelines" / "reference"
SAMPLE_DIR = PROJECT_ROOT / "warehouse" / "sample"
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
