"""The bundled sample week, read through the landing contract."""

from pipelines.config import SAMPLE_DIR, Settings
from pipelines.sources.landing import LandingSource


class SampleSource(LandingSource):
    """The sample week's files: every day there at once, nothing published later."""

    published_by = None

    def __init__(self) -> None:
        super().__init__(SAMPLE_DIR, name="sample")

    @classmethod
    def from_settings(cls, settings: Settings) -> "SampleSource":
        return cls()


def sample_source() -> SampleSource:
    return SampleSource()
