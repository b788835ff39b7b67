"""The source a run reads, chosen by the settings, and the provenance its reports print."""

from pipelines.config import Settings
from pipelines.contract.delivery import Source
from pipelines.sources.hkex import HKEX_PROVENANCE, HkexSource
from pipelines.sources.landing import LandingSource, landing_provenance
from pipelines.sources.sample import SAMPLE_PROVENANCE, sample_source
from pipelines.sources.simulated import SIMULATED_PROVENANCE, simulated_source

PROVENANCE = {
    "sample": SAMPLE_PROVENANCE,
    "simulated": SIMULATED_PROVENANCE,
    "hkex": HKEX_PROVENANCE,
}


def source_from_settings(settings: Settings) -> Source:
    if settings.source == "sample":
        return sample_source()
    if settings.source == "landing":
        return LandingSource(settings.landing_dir)
    if settings.source == "simulated":
        return simulated_source()
    return HkexSource(settings.landing_dir)


def provenance(settings: Settings) -> str:
    """The footer line of the source's reports, without opening the source."""
    if settings.source == "landing":
        return landing_provenance(settings.landing_dir)
    return PROVENANCE[settings.source]
