"""Published, or not yet? What HKEX publishes after the close of a trading day (the Daily
Quotations page, the Stock Connect statistics) may not be out when the day's run asks for it: a
404 then means "not yet", not "no trading". The run waits with back-off until the day's deadline,
then fails saying so; only HKEX's own "NO TRADING" page means a closure (docs/sources.md)."""

import logging
from collections.abc import Callable
from datetime import date, datetime
from datetime import time as dt_time
from zoneinfo import ZoneInfo

from pipelines.contract.errors import InvalidDay, Problem
from pipelines.sources.downloads import Downloads

HONG_KONG = ZoneInfo("Asia/Hong_Kong")
# HKEX puts the day's page up after the 16:10 close, usually well before 17:00; a page still
# missing at 18:00 will not come in time for the day's report.
PUBLICATION_DEADLINE = dt_time(18, 0)
FIRST_WAIT_SECONDS = 30.0
MAX_WAIT_SECONDS = 300.0
log = logging.getLogger(__name__)


def published_payload(
    downloads: Downloads,
    url: str,
    label: str,
    trade_date: date,
    what: str,
    now: Callable[[], datetime],
    sleep: Callable[[float], None],
) -> bytes:
    """The payload of `url` for the day (kept as `label` under downloads/), waited for until the
    publication deadline of that day; past it, the day fails naming the URL."""
    deadline = datetime.combine(trade_date, PUBLICATION_DEADLINE, HONG_KONG)
    wait = FIRST_WAIT_SECONDS
    while (payload := downloads.get(url, label.removeprefix("downloads/"))) is None:
        moment = now()
        if moment >= deadline:
            rule = (
                f"HKEX has not published the {what} of {trade_date}: {url} answers 404 "
                f"(last tried {moment:%Y-%m-%d %H:%M} Hong Kong time, "
                f"past the {PUBLICATION_DEADLINE:%H:%M} deadline). "
                "Re-run the day once it is out; a holiday or closure shows as a Daily Quotations page "
                "saying NO TRADING"
            )
            raise InvalidDay(trade_date.isoformat(), [Problem(label, rule)])
        pause = min(wait, MAX_WAIT_SECONDS, (deadline - moment).total_seconds())
        log.info("%s is not published yet (404); trying again in %.0f s", url, pause)
        sleep(pause)
        wait *= 2
    return payload
