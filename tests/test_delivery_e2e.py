"""The report reaches its readers: `hkclose report DAY --deliver` and the sensor
`deliver_closing_report`, on the sample day built through Dagster into a temporary warehouse, to a
real SMTP server (aiosmtpd) and a chat webhook on 127.0.0.1; the feeds parsed back by feedparser."""

import json
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from dagster import DagsterInstance, build_sensor_context
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.defs import delivery as delivery_sensor
from pipelines.defs.delivery import deliver_closing_report
from pipelines.defs.resources import HkcloseResource
from tests.helpers import SAMPLE_DAY, SampleRun, warehouse_env
from tests.mail_and_chat import MailServer, Webhook

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

REPORTS_URL = "https://reports.example.com/hk"
READERS = ["desk@example.com", "markets@example.com"]
runner = CliRunner()


def delivery_env(monkeypatch: pytest.MonkeyPatch, mail_server: MailServer, webhook: Webhook) -> None:
    monkeypatch.setenv("HKCLOSE_MAIL_TO", ",".join(READERS))
    monkeypatch.setenv("HKCLOSE_MAIL_FROM", "hkclose@example.com")
    monkeypatch.setenv("HKCLOSE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("HKCLOSE_SMTP_PORT", str(mail_server.port))
    monkeypatch.setenv("HKCLOSE_SMTP_TLS", "starttls")  # offered by none here: sent plain, with no password
    monkeypatch.setenv("HKCLOSE_REPORT_WEBHOOK", webhook.url)
    monkeypatch.setenv("HKCLOSE_REPORTS_URL", REPORTS_URL)


def test_report_deliver_sends_one_mail_per_language_and_one_chat_post_and_a_second_run_none(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mail_server: MailServer, webhook: Webhook
) -> None:
    settings = warehouse_env(monkeypatch, tmp_path)
    delivery_env(monkeypatch, mail_server, webhook)
    result = runner.invoke(app, ["report", "2025-11-21", "--deliver"])
    assert result.exit_code == 0, result.output
    assert "Delivered: 2025-11-21: sent mail en, mail zh-HK, chat en" in result.output

    day = settings.reports_dir / "2025-11-21"
    report = json.loads((day / "closing_report.json").read_text(encoding="utf-8"))
    english, chinese = mail_server.parsed()
    for message, language in ((english, "en"), (chinese, "zh-HK")):
        assert message["Subject"] == report["text"][language]["headline"]
        assert [a.strip() for a in message["To"].split(",")] == READERS
        assert message["Message-ID"].startswith(f"<hkclose.2025-11-21.{language}.")
        html = message.get_body(("html",)).get_content()
        assert "<table style=" in html and "<td" in html and "<script" not in html  # the sector table, no JavaScript
        assert f"{REPORTS_URL}/2025-11-21/closing_report{'' if language == 'en' else '.zh-HK'}.html" in html
        text = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
        markdown = (day / f"closing_report{'' if language == 'en' else '.zh-HK'}.md").read_text(encoding="utf-8")
        assert text.endswith(markdown)  # after the link to the full report
        (attachment,) = message.iter_attachments()
        assert json.loads(attachment.get_content())["trade_date"] == "2025-11-21"
    assert "Alibaba slid 4.65%" in english.get_body(("plain",)).get_content()
    assert "阿里巴巴－Ｗ（9988.HK）收報147.60港元" in chinese.get_body(("plain",)).get_content()
    (post,) = webhook.taken
    lines = post[1]["text"].splitlines()
    assert lines[0] == report["text"]["en"]["headline"]
    assert "Hang Seng Index 25,222.02 (-2.38%)" in lines[1]
    assert lines[-1] == f"{REPORTS_URL}/2025-11-21/closing_report.html"

    feed = feedparser.parse((settings.reports_dir / "feed.xml").read_bytes())
    assert feed.bozo == 0 and feed.version == "atom10"
    assert [e.title for e in feed.entries] == [report["text"]["en"]["headline"]]
    assert feed.entries[0].link == f"{REPORTS_URL}/2025-11-21/closing_report.html"
    assert "Alibaba slid 4.65%" in feed.entries[0].content[0].value
    feed_zh = feedparser.parse((settings.reports_dir / "feed.zh-HK.xml").read_bytes())
    assert feed_zh.bozo == 0 and feed_zh.entries[0].title == report["text"]["zh-HK"]["headline"]

    again = runner.invoke(app, ["report", "2025-11-21", "--deliver"])
    assert again.exit_code == 0, again.output
    assert "Delivered: 2025-11-21: sent before: mail en, mail zh-HK, chat en" in again.output
    assert len(mail_server.messages) == 2 and len(webhook.taken) == 1
    sent = (tmp_path / "delivery" / "sent.jsonl").read_text().splitlines()
    assert len(sent) == 3  # beside the warehouse, where publishing and rollback never reach


def test_report_deliver_without_a_channel_refuses_before_the_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    settings = warehouse_env(monkeypatch, tmp_path)
    monkeypatch.setenv("HKCLOSE_MAIL_TO", "desk@example.com")  # mail set up by half
    result = runner.invoke(app, ["report", "2025-11-21", "--deliver"])
    assert result.exit_code == 2
    assert "mail is set up by half: HKCLOSE_MAIL_FROM, HKCLOSE_SMTP_HOST must be set too" in result.output
    assert not settings.reports_dir.exists()  # nothing ran


def test_the_sensor_sends_the_latest_days_report_once_and_retries_a_channel_that_failed(
    sample_run: SampleRun, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, mail_server: MailServer, webhook: Webhook
) -> None:
    warehouse_env(monkeypatch, tmp_path)
    shutil.copytree(sample_run.settings.reports_dir, tmp_path / "reports", symlinks=True)
    (tmp_path / "reports" / "2025-11-20").unlink()  # a warehouse that wrote the seed day alone
    delivery_env(monkeypatch, mail_server, webhook)
    resources = {"hkclose": HkcloseResource.from_env()}

    def tick(hour: int, minute: int) -> str:
        moment = datetime(2025, 11, 21, hour, minute, tzinfo=ZoneInfo("Asia/Hong_Kong"))
        monkeypatch.setattr(delivery_sensor, "hong_kong_now", lambda: moment)
        with build_sensor_context(instance=DagsterInstance.ephemeral(), resources=resources) as context:
            return deliver_closing_report(context).skip_message

    # Before 16:30 the day due is the day before, whose report this warehouse never wrote.
    assert tick(16, 0) == "the report of 2025-11-20 is not written yet"
    webhook.status = 500
    said = tick(16, 45)
    assert said.startswith("2025-11-21: sent mail en, mail zh-HK; failed, tried again next time: chat en: ")
    assert webhook.url.rsplit("/", 1)[1] not in said  # the webhook's secret path is never shown
    webhook.status = 200
    assert tick(16, 46) == "2025-11-21: sent chat en; sent before: mail en, mail zh-HK"
    assert tick(16, 47) == "2025-11-21: sent before: mail en, mail zh-HK, chat en"
    assert len(mail_server.messages) == 2 and len(webhook.taken) == 1
    alerts = [json.loads(line) for line in (tmp_path / "logs" / "alerts.log").read_text().splitlines()]
    assert [(a["kind"], a["channel"]) for a in alerts] == [("delivery_failed", "chat")]
    assert SAMPLE_DAY.isoformat() in alerts[0]["message"]
