"""The source a run reads, chosen by the settings."""

from pipelines.config import Settings
from pipelines.contract.delivery import Source
from pipelines.sources.hkex.downloads import Downloads
from pipelines.sources.hkex.source import HkexSource
from pipelines.sources.landing import LandingSource
from pipelines.sources.sample import sample_source
from pipelines.sources.simulated import simulated_source


def source_from_settings(settings: Settings) -> Source:
    if settings.source == "sample":
        return sample_source()
    if settings.source == "landing":
        return LandingSource(settings.landing_dir)
    if settings.source == "simulated":
        return simulated_source()
    if settings.replay_dir:
        return HkexSource(settings.landing_dir, Downloads(settings.replay_dir, offline=True))
    return HkexSource(settings.landing_dir)
