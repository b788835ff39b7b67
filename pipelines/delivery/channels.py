"""The channels a report goes out on, and the one list of them.

A channel says which settings turn it on, in which languages it sends, and how it sends one
report in one language. Adding one is a module of `delivery/` with a class like these, its
settings in `settings.py`, and a line in CHANNELS (docs/architecture.md, "Where a change goes").
"""

from typing import Protocol

from pipelines.config.delivery import DeliverySettings
from pipelines.delivery.chat import ChatChannel
from pipelines.delivery.day_report import DayReport
from pipelines.delivery.mail import MailChannel


class Channel(Protocol):
    name: str  # how the record, the logs and the alerts name it
    turned_on_by: str  # the settings that turn it on, as a reader is told when none is

    def is_on(self, settings: DeliverySettings) -> bool:
        """Whether the settings turn it on."""
        ...

    def languages(self, settings: DeliverySettings) -> tuple[str, ...]:
        """The languages it sends the report in, each once."""
        ...

    def send(self, report: DayReport, language: str, settings: DeliverySettings, correction: bool) -> str:
        """Send the report in `language` (a correction of one sent before when `correction`); the
        ID the record keeps for it. Raises, never naming a secret, when it is not taken."""
        ...


CHANNELS: tuple[Channel, ...] = (MailChannel(), ChatChannel())

NO_CHANNEL = (
    "no delivery channel is set ("
    + "; ".join(f"{channel.turned_on_by} for {channel.name}" for channel in CHANNELS)
    + "): nothing to send"
)


def channels_on(settings: DeliverySettings) -> tuple[Channel, ...]:
    """The channels the settings turn on, in CHANNELS' order."""
    return tuple(channel for channel in CHANNELS if channel.is_on(settings))
