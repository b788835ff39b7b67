"""Simulated HKD rates: a slow path plus a small daily wobble, both functions of the date alone."""

from datetime import date

import numpy as np

from pipelines.simulator.universe import SEED

# (HKD per unit at the start of 2015, yearly drift, amplitude of a slow cycle)
FX_PATHS = {"CNY": (1.25, -0.012, 0.02), "USD": (7.80, 0.0, 0.02)}
USD_PEG_BAND = (7.75, 7.85)


def hkd_per_unit(currency: str, day: date) -> float:
    start, drift, amplitude = FX_PATHS[currency]
    years = (day - date(2015, 1, 1)).days / 365.25
    wobble = np.random.default_rng([SEED, day.toordinal(), len(currency)]).normal(0, 0.001)
    rate = start + drift * years + amplitude * np.sin(years * 1.3) + wobble
    if currency == "USD":  # the Linked Exchange Rate System keeps HKD within its band
        rate = float(np.clip(rate, *USD_PEG_BAND))
    return round(float(rate), 4)
