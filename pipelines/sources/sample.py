"""The bundled sample week, read through the landing contract."""

from pipelines.config import SAMPLE_DIR
from pipelines.sources.landing import LandingSource

SAMPLE_PROVENANCE = (
    "Sample data: the figures named in the published closing report of 21 Nov 2025 are that "
    "report's; all other figures are reconstructed (see warehouse/sample/README.md)."
)


def sample_source() -> LandingSource:
    return LandingSource(SAMPLE_DIR, name="sample", provenance=SAMPLE_PROVENANCE)
