"""The sources by name, and the one a run reads, chosen by the settings. Each source carries its
own facts (contract.delivery.Source): the code around it asks those, never its name."""

from pipelines.config import Settings
from pipelines.contract.delivery import Source
from pipelines.sources.hkex.source import HkexSource
from pipelines.sources.landing import LandingSource
from pipelines.sources.sample import SampleSource
from pipelines.sources.simulated import SimulatedSource

# By the names config.SOURCES lists (a setting is checked against those before any source is built).
SOURCE_TYPES = {
    "sample": SampleSource,
    "simulated": SimulatedSource,
    "landing": LandingSource,
    "hkex": HkexSource,
}


def source_type(name: str) -> type[Source]:
    """The source named `name` (one of config.SOURCES), unbuilt: its facts without its data."""
    return SOURCE_TYPES[name]


def source_from_settings(settings: Settings) -> Source:
    kind = source_type(settings.source)
    if settings.replay_dir and not kind.replayable:
        replayable = ", ".join(name for name, other in SOURCE_TYPES.items() if other.replayable)
        raise ValueError(
            f"HKCLOSE_REPLAY_DIR replays the payloads a source kept; {settings.source!r} keeps none ({replayable} does)"
        )
    return kind.from_settings(settings)
