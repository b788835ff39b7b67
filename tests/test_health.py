"""`hkclose health`'s reading of the daemon's heartbeats, without the services (tests/test_services.py
watches the real ones)."""

from datetime import UTC, datetime

from pipelines.services.health import stale_daemons

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


def test_a_thread_is_stale_past_a_minute_and_one_that_never_beat_is_named() -> None:
    beats = {"SENSOR": NOW.timestamp() - 61, "SCHEDULER": NOW.timestamp() - 59}
    stale = stale_daemons(beats, ["SENSOR", "SCHEDULER", "BACKFILL"], NOW)
    assert stale == ["SENSOR (61 s ago)", "BACKFILL (never)"]


def test_threads_that_beat_within_the_minute_are_well() -> None:
    beats = {"SENSOR": NOW.timestamp() - 30, "SCHEDULER": NOW.timestamp()}
    assert stale_daemons(beats, ["SENSOR", "SCHEDULER"], NOW) == []
