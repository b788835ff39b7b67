"""The daily close is launched by a sensor once the day's publications are out: its ticks say what
they wait for, 18:00 alerts what is still missing (once), and a day is requested once."""

import json
import shutil
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dagster import DagsterInstance, RunRequest, SensorResult, build_sensor_context

from pipelines.config import SAMPLE_DIR
from pipelines.defs import daily_sensor
from pipelines.defs.alerts import alert_lines
from pipelines.defs.daily_sensor import daily_close_when_published, decide, due_day
from pipelines.defs.partitions import trading_day_partitions
from pipelines.defs.resources import HkcloseResource
from tests.helpers import materialize_days, warehouse_env

pytestmark = pytest.mark.e2e  # through Dagster into a temporary warehouse (`make test-fast` leaves it out)

HONG_KONG = ZoneInfo("Asia/Hong_Kong")
FRIDAY = date(2025, 11, 21)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=HONG_KONG)


class Publisher:
    """A source whose day is out once `out` is set, due by 18:00 as HKEX's publications are."""

    published_by = time(18, 0)

    def __init__(self) -> None:
        self.out, self.asked = False, []

    def waiting_for(self, trade_date: date) -> list[str]:
        self.asked.append(trade_date)
        return [] if self.out else [f"https://www.hkex.com.hk/eng/stat/smstat/dayquot/d{trade_date:%y%m%d}e.htm"]


def test_the_day_due_is_the_latest_trading_day_whose_1630_has_passed() -> None:
    assert due_day(at(FRIDAY, 16, 29)) == date(2025, 11, 20)
    assert due_day(at(FRIDAY, 16, 30)) == FRIDAY
    assert due_day(at(date(2025, 11, 23), 12)) == FRIDAY  # Sunday
    assert due_day(at(date(2025, 12, 25), 18)) == date(2025, 12, 24)  # Christmas: the half day before


def test_the_run_is_requested_once_the_publications_are_out_and_only_once() -> None:
    publisher, cursor = Publisher(), {}
    waiting = decide(at(FRIDAY, 16, 31), cursor, publisher, lambda day: False)
    assert waiting.run_day is None and waiting.alert is None
    assert waiting.reason == "waiting for 2025-11-21: https://www.hkex.com.hk/eng/stat/smstat/dayquot/d251121e.htm"
    publisher.out = True
    launched = decide(at(FRIDAY, 16, 52), waiting.cursor, publisher, lambda day: False)
    assert launched.run_day == FRIDAY and launched.cursor == {"requested": "2025-11-21"}
    later = decide(at(FRIDAY, 16, 53), launched.cursor, publisher, lambda day: False)
    assert later.run_day is None and "the next is due on 2025-11-24 from 16:30" in later.reason
    assert publisher.asked == [FRIDAY, FRIDAY]  # not asked again once requested


def test_a_publication_still_missing_at_1800_is_alerted_once_naming_the_url() -> None:
    publisher = Publisher()
    before = decide(at(FRIDAY, 17, 59), {}, publisher, lambda day: False)
    assert before.alert is None
    late = decide(at(FRIDAY, 18, 0), before.cursor, publisher, lambda day: False)
    assert late.run_day is None
    assert late.alert.startswith("2025-11-21: still missing at 18:00 Hong Kong time, so no report yet: https://")
    again = decide(at(FRIDAY, 18, 1), late.cursor, publisher, lambda day: False)
    assert again.alert is None and again.reason == late.reason  # still waiting, alerted once
    publisher.out = True
    assert decide(at(FRIDAY, 19, 12), again.cursor, publisher, lambda day: False).run_day == FRIDAY


def test_a_day_whose_report_is_out_already_is_not_run_again() -> None:
    tick = decide(at(FRIDAY, 16, 40), {}, Publisher(), lambda day: day == FRIDAY)
    assert tick.run_day is None and tick.cursor == {"requested": "2025-11-21"}


@pytest.fixture
def landing_until_published(tmp_path: Path, monkeypatch) -> Path:
    """A landing folder with the sample's 2025-11-21 but its quotes, which come later."""
    warehouse_env(monkeypatch, tmp_path / "wh", source="landing")
    root = tmp_path / "landing"
    root.mkdir()
    shutil.copy(SAMPLE_DIR / "securities.csv", root)
    for kind in ("indexes", "fx", "notes", "watchlist"):
        (root / kind).mkdir()
        shutil.copy(SAMPLE_DIR / kind / "2025-11-21.csv", root / kind)
    shutil.copytree(SAMPLE_DIR / "macro", root / "macro")
    monkeypatch.setenv("HKCLOSE_LANDING_DIR", str(root))
    return root


def test_the_sensor_waits_for_the_days_files_then_launches_a_run_that_builds_the_report(
    landing_until_published: Path, monkeypatch
) -> None:
    instance = DagsterInstance.ephemeral()
    resources = {"hkclose": HkcloseResource.from_env()}

    def tick(moment: datetime, cursor: str | None) -> SensorResult:
        monkeypatch.setattr(daily_sensor, "hong_kong_now", lambda: moment)
        with build_sensor_context(instance=instance, cursor=cursor, resources=resources) as context:
            return daily_close_when_published(context)

    waiting = tick(at(FRIDAY, 16, 45), None)
    quotes = landing_until_published / "quotes" / "2025-11-21.csv"
    assert waiting.run_requests == []
    assert waiting.skip_reason.skip_message == f"waiting for 2025-11-21: {quotes} (or .parquet)"

    late = tick(at(FRIDAY, 18, 5), waiting.cursor)
    (alert,) = alert_lines(HkcloseResource.from_env().settings().logs_dir)
    assert alert["kind"] == "publication_late" and str(quotes) in alert["message"]
    assert late.run_requests == []

    quotes.parent.mkdir()
    shutil.copy(SAMPLE_DIR / "quotes" / "2025-11-21.csv", quotes)
    launched = tick(at(FRIDAY, 18, 20), late.cursor)
    (request,) = launched.run_requests
    assert isinstance(request, RunRequest) and (request.run_key, request.partition_key) == ("2025-11-21", "2025-11-21")
    assert json.loads(launched.cursor) == {"alerted": "2025-11-21", "requested": "2025-11-21"}
    # The run it asks for builds the day (the daemon would launch it).
    assert materialize_days(partition_key=request.partition_key, instance=instance).success
    assert tick(at(FRIDAY, 18, 21), launched.cursor).run_requests == []
    assert len(alert_lines(HkcloseResource.from_env().settings().logs_dir)) == 1


def test_a_code_location_loaded_too_long_ago_launches_nothing_past_its_partitions_and_says_to_restart(
    tmp_path: Path, monkeypatch
) -> None:
    warehouse_env(monkeypatch, tmp_path / "wh", source="sample")
    monkeypatch.setattr(daily_sensor, "trading_days", trading_day_partitions(date(2023, 6, 1)))  # ends 2024-12-31
    monkeypatch.setattr(daily_sensor, "LOADED_ON", date(2023, 6, 1))
    monkeypatch.setattr(daily_sensor, "hong_kong_now", lambda: at(FRIDAY, 16, 45))
    resources = {"hkclose": HkcloseResource.from_env()}
    with build_sensor_context(instance=DagsterInstance.ephemeral(), resources=resources) as context:
        stale = daily_close_when_published(context)
    assert stale.skip_message == (
        "2025-11-21 is past the last partition of this code location, loaded on 2023-06-01: restart the "
        "services (`make stop`, `make serve`) or reload the code location in the UI, and the run follows"
    )


def test_a_source_that_holds_every_day_at_once_alerts_a_missing_day_at_once() -> None:
    # Nothing will be published later (the sample, the simulator): no publication time to wait for.
    publisher = Publisher()
    publisher.published_by = None
    tick = decide(at(FRIDAY, 16, 31), {}, publisher, lambda day: False)
    assert tick.run_day is None and tick.alert.startswith("2025-11-21: still missing at 16:31 Hong Kong time")
