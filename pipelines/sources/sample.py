"""The bundled sample week, read through the landing contract."""

from pipelines.config import SAMPLE_DIR
from pipelines.sources.landing import LandingSource


def sample_source() -> LandingSource:
    return LandingSource(SAMPLE_DIR, name="sample")
