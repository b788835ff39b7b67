"""Shared fixtures: the sample day materialized through Dagster once (helpers in tests/helpers.py);
a mail server and a chat webhook on 127.0.0.1 (tests/mail_and_chat.py)."""

from collections.abc import Iterator

import pytest

from tests.helpers import SAMPLE_WEEK, SampleRun, materialize_days, warehouse_env
from tests.mail_and_chat import MailServer, Webhook
from tests.ports import free_port


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory: pytest.TempPathFactory) -> SampleRun:
    """The sample week 2025-11-17 to 2025-11-21, materialized end to end into a temporary warehouse
    in one run, as `make report` builds it: the seed day's report has the days before it."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        settings = warehouse_env(monkeypatch, tmp_path_factory.mktemp("sample_run"))
        result = materialize_days(partition_range=(SAMPLE_WEEK[0].isoformat(), SAMPLE_WEEK[-1].isoformat()))
    return SampleRun(settings, result.success)


@pytest.fixture
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The webhook is on 127.0.0.1: no proxy from the environment in between."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    server = MailServer(free_port()).start()
    yield server
    server.stop()


@pytest.fixture
def webhook(no_proxy: None) -> Iterator[Webhook]:
    hook = Webhook()
    yield hook
    hook.close()
