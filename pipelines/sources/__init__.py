"""Sources of raw data behind one small interface, selected by `HKCLOSE_SOURCE`."""

from dataclasses import dataclass
from datetime import date
from typing import Protocol

import polars as pl

from pipelines.settings import Settings


@dataclass(frozen=True)
class Delivery:
    """One kind of data for one day as a source delivered it, before validation."""

    file: str  # how errors name it, e.g. "quotes/2025-11-21.csv"
    frame: pl.DataFrame  # the source's columns plus `source_row`


class Source(Protocol):
    name: str
    # Printed in each report's footer: where its figures come from.
    provenance: str

    def read_day(self, trade_date: date) -> dict[str, Delivery]:
        """Everything the source has for one trading day, by kind; absent kinds are empty."""
        ...


def source_from_settings(settings: Settings) -> Source:
    from pipelines.sources.hkex import HkexSource
    from pipelines.sources.landing import LandingSource
    from pipelines.sources.sample import sample_source
    from pipelines.sources.simulated import simulated_source

    if settings.source == "sample":
        return sample_source()
    if settings.source == "landing":
        return LandingSource(settings.landing_dir)
    if settings.source == "simulated":
        return simulated_source()
    return HkexSource(settings.landing_dir)
