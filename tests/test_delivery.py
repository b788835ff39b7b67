"""Delivery of the closing report: once per channel and language, against a real SMTP server and webhook.

The SMTP server is aiosmtpd's on 127.0.0.1 (plain, STARTTLS or SMTPS with a certificate made here),
the webhook a ThreadingHTTPServer; the report folders are small ones written here, as the report
writes them (a day is a link to its set of files).
"""

import base64
import json
import logging
import ssl
import threading
import uuid
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from ipaddress import IPv4Address
from pathlib import Path

import feedparser
import pytest

from pipelines.alert_log import alert_lines
from pipelines.config import Settings
from pipelines.config.delivery import DeliverySettings
from pipelines.config.report_files import REPORT_HTML_FILES, REPORT_MARKDOWN_FILES
from pipelines.delivery import channels
from pipelines.delivery.channels import NO_CHANNEL, channels_on
from pipelines.delivery.day_report import DayReport
from pipelines.delivery.deliver import DeliveryOutcome, Sent, deliver_day
from pipelines.delivery.feeds import write_feeds
from pipelines.delivery.record import RECORD_FILE, DeliveryRecord
from tests.mail_and_chat import PASSWORD, WEBHOOK_SECRET, MailServer, Webhook
from tests.ports import free_port

pytestmark = [pytest.mark.timeout(60), pytest.mark.usefixtures("no_proxy")]

DAY = date(2025, 11, 21)
RECIPIENTS = ["desk@example.com", "editor@example.org"]
SENDER = "HK Close <close@hkclose.example>"
REPORTS_URL = "https://reports.example/hk"
HEADLINES = {
    "en": "Hang Seng Index falls 2.38% as technology shares slide",
    "zh-HK": "恒生指數跌2.38%，科技股下滑",
}
SENTENCE = {
    "en": "The Hang Seng Index fell 2.38% to 25,222.02, its lowest close in six weeks.",
    "zh-HK": "恒生指數跌2.38%，收報25,222.02點，為六星期以來最低收市。",
}
INDEX_LINES = {
    "en": "Hang Seng Index 25,222.02 (-2.38%) · Hang Seng China Enterprises Index 8,911.34 (-2.45%)",
    "zh-HK": "恒生指數 25,222.02 (-2.38%) · 恒生中國企業指數 8,911.34 (-2.45%)",
}
MARKDOWN = {
    "en": """# {headline}

{sentence}

| Index | Close | Change |
| --- | ---: | ---: |
| Hang Seng Index | 25,222.02 | -2.38% |
| Hang Seng China Enterprises Index | 8,911.34 | -2.45% |
""",
    "zh-HK": """# {headline}

{sentence}

| 指數 | 收市 | 變動 |
| --- | ---: | ---: |
| 恒生指數 | 25,222.02 | -2.38% |
| 恒生中國企業指數 | 8,911.34 | -2.45% |
""",
}


# --- report folders, as the report writes them ---------------------------------------------------


def write_day(reports_dir: Path, day: date, headline_en: str | None = None, extra_markdown: str = "") -> Path:
    """A day's report set under `.days/`, and `reports_dir/day` linked to it."""
    headlines = {"en": headline_en or HEADLINES["en"], "zh-HK": HEADLINES["zh-HK"]}
    folder = reports_dir / ".days" / f"{day}.{uuid.uuid4().hex[:12]}"
    folder.mkdir(parents=True)
    document = {
        "trade_date": day.isoformat(),
        "figures": {
            "trade_date": day.isoformat(),
            "indexes": [
                {
                    "code": "HSI",
                    "name": "Hang Seng Index",
                    "name_zh": "恒生指數",
                    "close": 25222.02,
                    "change_pct": -2.38,
                },
                {
                    "code": "HSCEI",
                    "name": "Hang Seng China Enterprises Index",
                    "name_zh": "恒生中國企業指數",
                    "close": 8911.34,
                    "change_pct": -2.45,
                },
            ],
        },
        "text": {
            language: {
                "headline": headlines[language],
                "lead": SENTENCE[language],
                "sections": [{"title": "Indexes", "paragraphs": [SENTENCE[language]]}],
            }
            for language in ("en", "zh-HK")
        },
        "rules": {"big_move_pct": 2.0},
        "provenance": {"source": "sample"},
    }
    (folder / "closing_report.json").write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    for language in ("en", "zh-HK"):
        markdown = MARKDOWN[language].format(headline=headlines[language], sentence=SENTENCE[language])
        (folder / REPORT_MARKDOWN_FILES[language]).write_text(markdown + extra_markdown, encoding="utf-8")
        (folder / REPORT_HTML_FILES[language]).write_text("<html><script>draw()</script></html>", encoding="utf-8")
    link = reports_dir / day.isoformat()
    link.unlink(missing_ok=True)
    link.symlink_to(Path(".days") / folder.name)
    return link


def append_to_markdown(reports_dir: Path, day: date, language: str, text: str) -> None:
    path = reports_dir / day.isoformat() / REPORT_MARKDOWN_FILES[language]
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# --- the servers ---------------------------------------------------------------------------------


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    """The reports folder with DAY written, the record's folder (beside the warehouse) and the logs'."""
    reports = tmp_path / "warehouse" / "reports"
    write_day(reports, DAY)
    return {"reports": reports, "record": tmp_path / "delivery", "logs": tmp_path / "logs"}


def settings_for(mail_port: int | None = None, webhook_url: str | None = None, **variables: str) -> DeliverySettings:
    environ = {"HKCLOSE_REPORTS_URL": REPORTS_URL}
    if mail_port is not None:
        environ |= {
            "HKCLOSE_MAIL_TO": ", ".join(RECIPIENTS),
            "HKCLOSE_MAIL_FROM": SENDER,
            "HKCLOSE_SMTP_HOST": "127.0.0.1",
            "HKCLOSE_SMTP_PORT": str(mail_port),
        }
    if webhook_url is not None:
        environ["HKCLOSE_REPORT_WEBHOOK"] = webhook_url
    return delivery_from(environ | variables)


def delivery_from(environ: dict[str, str]) -> DeliverySettings:
    """The delivery section of the settings the environment `environ` gives (ValueError as they raise it)."""
    return Settings.from_env(environ).delivery


LOG = logging.getLogger("tests.delivery")


def deliver(folders: dict[str, Path], settings: DeliverySettings, day: date = DAY) -> DeliveryOutcome:
    return deliver_day(day, folders["reports"], folders["record"], folders["logs"], settings, LOG)


def text_of(message: EmailMessage, subtype: str) -> str:
    return message.get_body(preferencelist=(subtype,)).get_content()


# --- mail and chat -------------------------------------------------------------------------------


def test_a_day_goes_out_as_one_mail_per_language_and_one_chat_post(
    folders: dict[str, Path], mail_server: MailServer, webhook: Webhook
) -> None:
    outcome = deliver(folders, settings_for(mail_server.port, webhook.url))

    assert sorted(outcome.sent) == [("chat", "en", False), ("mail", "en", False), ("mail", "zh-HK", False)]
    assert outcome.failed == [] and outcome.already_sent == []
    messages = {m["Content-Language"]: m for m in mail_server.parsed()}
    assert sorted(messages) == ["en", "zh-HK"] and len(mail_server.messages) == 2
    versions = {}
    for language, message in messages.items():
        assert message["Subject"] == HEADLINES[language]
        assert [a.addr_spec for a in message["To"].addresses] == RECIPIENTS
        assert message["From"].addresses[0].addr_spec == "close@hkclose.example"
        assert message["Message-ID"].startswith(f"<hkclose.{DAY}.{language}.")
        assert message["Message-ID"].endswith("@hkclose.example>")
        versions[language] = message["Message-ID"].removeprefix(f"<hkclose.{DAY}.{language}.").split("@")[0]
        assert len(versions[language]) == 16 and set(versions[language]) <= set("0123456789abcdef")
        assert abs(message["Date"].datetime - datetime.now(UTC)) < timedelta(minutes=5)
        assert [p.get_content_type() for p in message.iter_parts()] == ["multipart/alternative", "application/json"]

        plain, page = text_of(message, "plain"), text_of(message, "html")
        link = f"{REPORTS_URL}/{DAY}/{REPORT_HTML_FILES[language]}"
        assert SENTENCE[language] in plain and "| --- | ---: | ---: |" in plain
        assert "<table" in page and "<script" not in page.lower()
        assert "border" in page.split("<table", 1)[1].split(">", 1)[0]  # styled inline
        assert "<td" in page and "25,222.02" in page
        full_report = "Full report with charts: " if language == "en" else "附圖表的完整報告："
        assert full_report + link in plain
        assert f'<a href="{link}">' in page
        assert "Correction" not in plain and "更正" not in plain

        (attachment,) = list(message.iter_attachments())
        assert attachment.get_content_type() == "application/json"
        assert attachment.get_filename() == "closing_report.json"
        assert json.loads(attachment.get_content())["trade_date"] == DAY.isoformat()
    assert versions["en"] != versions["zh-HK"]

    ((path, body),) = webhook.taken
    assert path == f"/{WEBHOOK_SECRET}"
    assert body == {"text": f"{HEADLINES['en']}\n{INDEX_LINES['en']}\n{REPORTS_URL}/{DAY}/closing_report.html"}

    lines = [json.loads(line) for line in (folders["record"] / RECORD_FILE).read_text(encoding="utf-8").splitlines()]
    assert sorted((e["channel"], e["language"]) for e in lines) == [("chat", "en"), ("mail", "en"), ("mail", "zh-HK")]
    mail_en = next(e for e in lines if (e["channel"], e["language"]) == ("mail", "en"))
    assert mail_en["message_id"] == messages["en"]["Message-ID"]
    assert mail_en["version"] == versions["en"] and mail_en["correction"] is False and mail_en["day"] == "2025-11-21"
    assert not (folders["reports"] / "delivery").exists()  # the record is beside the warehouse, not in the reports


def test_a_day_sent_is_not_sent_again(folders: dict[str, Path], mail_server: MailServer, webhook: Webhook) -> None:
    settings = settings_for(mail_server.port, webhook.url)
    deliver(folders, settings)

    again = deliver(folders, settings)

    assert again.sent == [] and again.failed == []
    assert sorted(again.already_sent) == [("chat", "en"), ("mail", "en"), ("mail", "zh-HK")]
    assert len(mail_server.messages) == 2 and len(webhook.taken) == 1 and webhook.attempts == 1


def test_a_changed_report_goes_again_as_a_correction_in_its_language_only(
    folders: dict[str, Path], mail_server: MailServer, webhook: Webhook
) -> None:
    settings = settings_for(mail_server.port, webhook.url)
    deliver(folders, settings)
    (first_zh,) = [m for m in mail_server.parsed() if m["Content-Language"] == "zh-HK"]

    append_to_markdown(folders["reports"], DAY, "zh-HK", "\n恒生指數成交額為1,820億元。\n")
    outcome = deliver(folders, settings)

    assert outcome.sent == [Sent("mail", "zh-HK", True)]
    assert sorted(outcome.already_sent) == [("chat", "en"), ("mail", "en")]
    assert len(mail_server.messages) == 3 and len(webhook.taken) == 1
    correction = mail_server.parsed()[-1]
    assert correction["Subject"] == "更正：" + HEADLINES["zh-HK"]
    assert correction["Message-ID"] != first_zh["Message-ID"]
    assert correction["Message-ID"].startswith(f"<hkclose.{DAY}.zh-HK.")
    plain = text_of(correction, "plain")
    assert plain.splitlines()[0] == f"本更正報告取代早前發出的{DAY}收市報告。"
    assert "成交額為1,820億元" in plain

    # A new JSON is a new version of both languages: the English mail and the chat post go again, corrected.
    write_day(folders["reports"], DAY, headline_en="Hang Seng Index falls 2.4% as technology shares slide")
    outcome = deliver(folders, settings)
    assert sorted(outcome.sent) == [("chat", "en", True), ("mail", "en", True), ("mail", "zh-HK", True)]
    en = [m for m in mail_server.parsed() if m["Content-Language"] == "en"][-1]
    assert en["Subject"] == "Correction: Hang Seng Index falls 2.4% as technology shares slide"
    assert text_of(en, "plain").splitlines()[0] == f"This corrected report replaces the report for {DAY} sent earlier."
    assert webhook.taken[-1][1]["text"].startswith("Correction: Hang Seng Index falls 2.4%")


def test_the_chat_post_in_chinese_names_the_indexes_in_chinese(
    folders: dict[str, Path], webhook: Webhook, mail_server: MailServer
) -> None:
    outcome = deliver(folders, settings_for(None, webhook.url, HKCLOSE_CHAT_LANGUAGE="zh-HK", HKCLOSE_REPORTS_URL=""))

    assert outcome.sent == [Sent("chat", "zh-HK", False)]
    assert webhook.taken[0][1] == {"text": f"{HEADLINES['zh-HK']}\n{INDEX_LINES['zh-HK']}"}  # no link without a base
    assert mail_server.messages == []


def test_failed_channels_are_alerted_once_and_sent_once_back(
    folders: dict[str, Path], webhook: Webhook, caplog: pytest.LogCaptureFixture
) -> None:
    down = MailServer(free_port())  # not started: the port refuses connections
    settings = settings_for(down.port, webhook.url)
    webhook.status = 500
    caplog.set_level(logging.INFO, logger=LOG.name)

    first = deliver(folders, settings)
    second = deliver(folders, settings)

    for outcome in (first, second):
        assert outcome.sent == [] and outcome.already_sent == []
        assert sorted((f.channel, f.language) for f in outcome.failed) == [
            ("chat", "en"),
            ("mail", "en"),
            ("mail", "zh-HK"),
        ]
    whys = {(f.channel, f.language): f.why for f in first.failed}
    assert whys[("chat", "en")].endswith("did not take the post: it answered HTTP 500")
    assert "http://127.0.0.1/…" in whys[("chat", "en")]
    assert f"127.0.0.1:{down.port}" in whys[("mail", "en")] and "Connection" in whys[("mail", "en")]
    alerts = alert_lines(folders["logs"])
    assert len(alerts) == 3  # the second attempt adds none
    assert {a["kind"] for a in alerts} == {"delivery_failed"}
    assert sorted((a["day"], a["channel"], a["language"]) for a in alerts) == [
        ("2025-11-21", "chat", "en"),
        ("2025-11-21", "mail", "en"),
        ("2025-11-21", "mail", "zh-HK"),
    ]
    record = DeliveryRecord(folders["record"]).lines()
    assert len(record) == 3 and all("failed" in line for line in record)  # the same failure is recorded once
    assert webhook.attempts == 2

    down.start()
    webhook.status = 200
    try:
        back = deliver(folders, settings)
    finally:
        down.stop()
    assert sorted(back.sent) == [("chat", "en", False), ("mail", "en", False), ("mail", "zh-HK", False)]
    assert back.failed == [] and len(down.messages) == 2 and len(webhook.taken) == 1
    assert len(alert_lines(folders["logs"])) == 3

    written = "\n".join(
        [
            (folders["logs"] / "alerts.log").read_text(encoding="utf-8"),
            (folders["record"] / RECORD_FILE).read_text(encoding="utf-8"),
            caplog.text,
            *whys.values(),
        ]
    )
    assert WEBHOOK_SECRET not in written and "XyzSecretToken" not in written
    assert "not delivered by chat" in caplog.text


def test_a_password_never_goes_in_clear(folders: dict[str, Path], caplog: pytest.LogCaptureFixture) -> None:
    with pytest.raises(ValueError, match="never a password in clear"):
        settings_for(25, HKCLOSE_SMTP_TLS="none", HKCLOSE_SMTP_USER="desk", HKCLOSE_SMTP_PASSWORD=PASSWORD)

    # A server offering AUTH without TLS: the password must still not be sent.
    server = MailServer(free_port(), with_auth=True, auth_require_tls=False).start()
    try:
        settings = settings_for(server.port, HKCLOSE_SMTP_USER="desk", HKCLOSE_SMTP_PASSWORD=PASSWORD)
        caplog.set_level(logging.INFO, logger=LOG.name)
        outcome = deliver(folders, settings)
    finally:
        server.stop()

    assert outcome.sent == [] and len(outcome.failed) == 2
    assert all("does not offer STARTTLS" in f.why for f in outcome.failed)
    assert server.login_attempts == [] and server.messages == []
    record = DeliveryRecord(folders["record"]).lines()
    assert sorted((e["language"], "STARTTLS" in e["failed"]) for e in record) == [("en", True), ("zh-HK", True)]
    written = "\n".join(
        [
            *(f.why for f in outcome.failed),
            (folders["logs"] / "alerts.log").read_text(encoding="utf-8"),
            (folders["record"] / RECORD_FILE).read_text(encoding="utf-8"),
            caplog.text,
            repr(settings),
            str(settings),
        ]
    )
    assert PASSWORD not in written


# --- TLS: a certificate for 127.0.0.1, trusted by the client for the test's length --------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(IPv4Address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return folder / "cert.pem", folder / "key.pem"


@pytest.fixture
def trusted(certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> ssl.SSLContext:
    """The server's context; the client's default context trusts its certificate (and verifies it)."""
    cert, key = certificate
    default_context = ssl.create_default_context
    monkeypatch.setattr(ssl, "create_default_context", lambda *a, **k: default_context(cafile=str(cert)))
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    return server_context


def test_credentials_are_sent_over_starttls(folders: dict[str, Path], trusted: ssl.SSLContext) -> None:
    server = MailServer(free_port(), with_auth=True, tls_context=trusted, auth_require_tls=True).start()
    try:
        outcome = deliver(folders, settings_for(server.port, HKCLOSE_SMTP_USER="desk", HKCLOSE_SMTP_PASSWORD=PASSWORD))
    finally:
        server.stop()

    assert sorted(outcome.sent) == [("mail", "en", False), ("mail", "zh-HK", False)]
    assert server.login_attempts and all(over_tls for _, over_tls in server.login_attempts)
    assert server.tls_sessions == [True, True]


def test_smtps_on_port_465_style(folders: dict[str, Path], trusted: ssl.SSLContext) -> None:
    server = MailServer(free_port(), with_auth=True, ssl_context=trusted, auth_require_tls=False).start()
    try:
        settings = settings_for(
            server.port, HKCLOSE_SMTP_TLS="smtps", HKCLOSE_SMTP_USER="desk", HKCLOSE_SMTP_PASSWORD=PASSWORD
        )
        outcome = deliver(folders, settings)
    finally:
        server.stop()

    assert sorted(outcome.sent) == [("mail", "en", False), ("mail", "zh-HK", False)]
    assert len(server.messages) == 2 and len(server.login_attempts) == 2


def test_a_certificate_the_client_does_not_trust_is_refused_before_any_password(
    folders: dict[str, Path], certificate: tuple[Path, Path]
) -> None:
    cert, key = certificate  # self-signed, and not among the client's trusted authorities
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    server = MailServer(free_port(), with_auth=True, tls_context=server_context, auth_require_tls=True).start()
    try:
        outcome = deliver(folders, settings_for(server.port, HKCLOSE_SMTP_USER="desk", HKCLOSE_SMTP_PASSWORD=PASSWORD))
    finally:
        server.stop()

    assert outcome.sent == [] and len(outcome.failed) == 2
    assert all("CERTIFICATE_VERIFY_FAILED" in failure.why for failure in outcome.failed), outcome.failed
    assert server.login_attempts == [] and server.messages == []


def test_a_refused_password_is_in_no_message_log_or_alert(
    folders: dict[str, Path], trusted: ssl.SSLContext, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = "Wrong-Secret-2718"
    # A server that echoes what it was given: its answer must not carry the password further.
    refusal = "535 5.7.8 credentials desk:{password} invalid"
    server = MailServer(free_port(), with_auth=True, refusal=refusal, tls_context=trusted, auth_require_tls=True)
    server.start()
    caplog.set_level(logging.INFO)
    try:
        outcome = deliver(folders, settings_for(server.port, HKCLOSE_SMTP_USER="desk", HKCLOSE_SMTP_PASSWORD=wrong))
    finally:
        server.stop()

    assert outcome.sent == [] and len(outcome.failed) == 2 and len(server.login_attempts) >= 2
    assert all("535" in failure.why and "credentials desk:" in failure.why for failure in outcome.failed)
    written = "\n".join(
        [
            *(failure.why for failure in outcome.failed),
            (folders["logs"] / "alerts.log").read_text(encoding="utf-8"),
            (folders["record"] / RECORD_FILE).read_text(encoding="utf-8"),
            *(record.getMessage() for record in caplog.records if not record.name.startswith("mail.log")),
        ]
    )  # (mail.log is the test's SMTP server's own log)
    assert wrong not in written
    assert base64.b64encode(wrong.encode()).decode() not in written  # nor as AUTH PLAIN would carry it


def test_the_chat_webhooks_secret_path_is_not_in_the_http_librarys_log(
    folders: dict[str, Path], webhook: Webhook, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # as a service configured to log at INFO has it
    outcome = deliver(folders, settings_for(None, webhook.url))

    assert outcome.sent == [("chat", "en", False)]
    requests = [record.getMessage() for record in caplog.records if record.name == "httpx"]
    assert requests and all("http://127.0.0.1/…" in line for line in requests)
    assert WEBHOOK_SECRET not in caplog.text


class Pager:
    """A channel as a new one would be written: on when a webhook is set, English alone."""

    name = "pager"
    turned_on_by = "HKCLOSE_REPORT_WEBHOOK"

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, bool]] = []

    def is_on(self, settings: DeliverySettings) -> bool:
        return settings.webhook_url is not None

    def languages(self, settings: DeliverySettings) -> tuple[str, ...]:
        return ("en",)

    def send(self, report: DayReport, language: str, settings: DeliverySettings, correction: bool) -> str:
        self.sent.append((report.headline(language), language, correction))
        return f"page-{report.day}"


def test_a_channel_added_to_the_registry_is_sent_on_once_and_recorded_with_no_other_change(
    folders: dict[str, Path], webhook: Webhook, monkeypatch
) -> None:
    pager = Pager()
    monkeypatch.setattr(channels, "CHANNELS", (*channels.CHANNELS, pager))
    settings = settings_for(None, webhook.url)

    assert deliver(folders, settings).sent == [Sent("chat", "en", False), Sent("pager", "en", False)]
    assert pager.sent == [(HEADLINES["en"], "en", False)]
    assert deliver(folders, settings).already_sent == [("chat", "en"), ("pager", "en")]
    assert len(pager.sent) == 1
    recorded = [json.loads(line) for line in (folders["record"] / RECORD_FILE).read_text().splitlines()]
    assert [(r["channel"], r["message_id"]) for r in recorded if r["channel"] == "pager"] == [("pager", f"page-{DAY}")]


def test_with_no_channel_on_the_reader_is_told_what_turns_each_on() -> None:
    assert NO_CHANNEL == (
        "no delivery channel is set (HKCLOSE_MAIL_TO, HKCLOSE_MAIL_FROM and HKCLOSE_SMTP_HOST for mail; "
        "HKCLOSE_REPORT_WEBHOOK for chat): nothing to send"
    )


# --- settings ------------------------------------------------------------------------------------


def test_no_settings_no_channel_and_nothing_sent(
    folders: dict[str, Path], mail_server: MailServer, webhook: Webhook
) -> None:
    settings = delivery_from({})

    assert channels_on(settings) == ()
    outcome = deliver(folders, settings)
    assert outcome == DeliveryOutcome(DAY)
    assert mail_server.messages == [] and webhook.attempts == 0
    assert not (folders["record"] / RECORD_FILE).exists() and alert_lines(folders["logs"]) == []


@pytest.mark.parametrize(
    ("variables", "missing"),
    [
        ({"HKCLOSE_MAIL_TO": "a@example.com"}, "HKCLOSE_MAIL_FROM, HKCLOSE_SMTP_HOST"),
        ({"HKCLOSE_MAIL_TO": "a@example.com", "HKCLOSE_SMTP_HOST": "smtp.example.com"}, "HKCLOSE_MAIL_FROM"),
        ({"HKCLOSE_MAIL_FROM": "x@example.com", "HKCLOSE_SMTP_HOST": "smtp.example.com"}, "HKCLOSE_MAIL_TO"),
    ],
)
def test_mail_set_up_by_half_names_what_is_missing(variables: dict[str, str], missing: str) -> None:
    with pytest.raises(ValueError, match=f"{missing} must be set"):
        delivery_from(variables)


def test_settings_read_and_checked() -> None:
    mail = {"HKCLOSE_MAIL_TO": " a@example.com,b@example.com ,", "HKCLOSE_MAIL_FROM": SENDER, "HKCLOSE_SMTP_HOST": "h"}
    settings = delivery_from(mail | {"HKCLOSE_REPORT_WEBHOOK": f"https://hooks.example/{WEBHOOK_SECRET}"})
    assert [channel.name for channel in channels_on(settings)] == ["mail", "chat"]
    assert settings.mail_to == ("a@example.com", "b@example.com")
    assert (settings.smtp_port, settings.smtp_tls, settings.chat_language) == (587, "starttls", "en")
    assert delivery_from(mail | {"HKCLOSE_SMTP_PORT": "465"}).smtp_tls == "smtps"
    (chat,) = channels_on(delivery_from({"HKCLOSE_REPORT_WEBHOOK": "https://h.example/x"}))
    assert chat.name == "chat"

    with_secrets = delivery_from(
        mail
        | {
            "HKCLOSE_SMTP_USER": "desk",
            "HKCLOSE_SMTP_PASSWORD": PASSWORD,
            "HKCLOSE_REPORT_WEBHOOK": f"https://hooks.example/{WEBHOOK_SECRET}",
        }
    )
    for shown in (repr(with_secrets), str(with_secrets), f"{with_secrets}"):
        assert PASSWORD not in shown and "XyzSecretToken" not in shown
        assert "https://hooks.example/…" in shown and "desk" in shown
    # The whole settings object, with the alert webhook's secret too, shows none of them.
    alert_secret = "T0009/B0009/AlertSecretToken"
    everything = Settings.from_env(
        mail
        | {
            "HKCLOSE_SMTP_USER": "desk",
            "HKCLOSE_SMTP_PASSWORD": PASSWORD,
            "HKCLOSE_REPORT_WEBHOOK": f"https://hooks.example/{WEBHOOK_SECRET}",
            "HKCLOSE_ALERT_WEBHOOK": f"https://alerts.example/{alert_secret}",
        }
    )
    assert everything.alert_webhook == f"https://alerts.example/{alert_secret}"
    for shown in (repr(everything), str(everything)):
        assert PASSWORD not in shown and "XyzSecretToken" not in shown and alert_secret not in shown
    assert with_secrets.scrub(f"at https://hooks.example/{WEBHOOK_SECRET} with {PASSWORD}") == (
        "at https://hooks.example/… with ***"
    )

    for bad, match in [
        ({"HKCLOSE_SMTP_USER": "desk"}, "go together"),
        ({"HKCLOSE_SMTP_PASSWORD": PASSWORD}, "go together"),
        ({"HKCLOSE_SMTP_TLS": "ssl"}, "HKCLOSE_SMTP_TLS"),
        ({"HKCLOSE_SMTP_PORT": "smtp"}, "HKCLOSE_SMTP_PORT"),
        ({"HKCLOSE_CHAT_LANGUAGE": "fr"}, "HKCLOSE_CHAT_LANGUAGE"),
        ({"HKCLOSE_MAIL_FROM": "nobody"}, "HKCLOSE_MAIL_FROM"),
    ]:
        with pytest.raises(ValueError, match=match) as raised:
            delivery_from(mail | bad)
        assert PASSWORD not in str(raised.value)


def test_a_day_without_a_report_is_an_error_naming_its_folder(folders: dict[str, Path]) -> None:
    with pytest.raises(FileNotFoundError, match="2025-11-24"):
        deliver(folders, delivery_from({}), day=date(2025, 11, 24))


def test_raw_html_in_the_markdown_never_reaches_the_mail(tmp_path: Path, mail_server: MailServer) -> None:
    reports = tmp_path / "reports"
    write_day(reports, DAY, extra_markdown='\n<script>alert("x")</script>\n\n[click](javascript:alert(1))\n')
    folders = {"reports": reports, "record": tmp_path / "delivery", "logs": tmp_path / "logs"}

    deliver(folders, settings_for(mail_server.port))

    for message in mail_server.parsed():
        page = text_of(message, "html")
        assert "<script" not in page.lower() and 'href="javascript' not in page
        assert "&lt;script&gt;" in page


def test_two_deliverers_at_once_send_once(folders: dict[str, Path], mail_server: MailServer, webhook: Webhook) -> None:
    settings = settings_for(mail_server.port, webhook.url)
    outcomes: list[DeliveryOutcome] = []
    threads = [threading.Thread(target=lambda: outcomes.append(deliver(folders, settings))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(mail_server.messages) == 2 and len(webhook.taken) == 1
    assert sum(len(o.sent) for o in outcomes) == 3 and sum(len(o.already_sent) for o in outcomes) == 6


def test_a_torn_record_line_is_skipped_and_the_next_starts_afresh(
    folders: dict[str, Path], mail_server: MailServer
) -> None:
    folders["record"].mkdir(parents=True)
    (folders["record"] / RECORD_FILE).write_text('{"day": "2025-11-21", "chan', encoding="utf-8")

    outcome = deliver(folders, settings_for(mail_server.port))

    assert len(outcome.sent) == 2
    assert len(DeliveryRecord(folders["record"]).lines()) == 2
    assert deliver(folders, settings_for(mail_server.port)).sent == []


# --- feeds ---------------------------------------------------------------------------------------

FEED_DAYS = [date(2025, 11, 17), date(2025, 11, 18), date(2025, 11, 19), date(2025, 11, 20), DAY]


def feed_headline(day: date) -> str:
    return f"Hang Seng Index closes on {day:%d %B}"


@pytest.fixture
def feed_reports(tmp_path: Path) -> Path:
    reports = tmp_path / "reports"
    for day in FEED_DAYS:
        write_day(reports, day, headline_en=feed_headline(day))
    (reports / "2025-11-24").mkdir()  # a day being written: no JSON yet, not in the feed
    (reports / "index.html").write_text("<html></html>", encoding="utf-8")
    return reports


def test_feeds_list_the_newest_days_first_in_both_languages(feed_reports: Path) -> None:
    paths = write_feeds(feed_reports, REPORTS_URL + "/")

    assert paths == [feed_reports / "feed.xml", feed_reports / "feed.zh-HK.xml"]
    english, chinese = (feedparser.parse(path.read_bytes()) for path in paths)
    for feed, language in ((english, "en"), (chinese, "zh-HK")):
        assert feed.bozo == 0 and feed.version == "atom10"
        assert feed.feed.language == language
        assert feed.feed.updated == "2025-11-21T16:10:00+08:00"
        assert [e.id for e in feed.entries] == [f"tag:hkclose,{d}:{language}" for d in reversed(FEED_DAYS)]
        assert [e.link for e in feed.entries] == [
            f"{REPORTS_URL}/{d}/{REPORT_HTML_FILES[language]}" for d in reversed(FEED_DAYS)
        ]
        assert feed.entries[0].published == "2025-11-21T16:10:00+08:00"
        assert feed.entries[-1].updated == "2025-11-17T16:10:00+08:00"
        assert feed.entries[0].summary == SENTENCE[language]
        # The whole report in the entry, as the mail's HTML gives it: a reader needs no click.
        (content,) = feed.entries[0].content
        assert content.type == "text/html" and f"<p>{SENTENCE[language]}</p>" in content.value
        assert "<table" in content.value and "<script" not in content.value
    assert english.feed.title == "Hong Kong market close" and chinese.feed.title == "香港股市收市"
    assert [e.title for e in english.entries] == [feed_headline(d) for d in reversed(FEED_DAYS)]
    assert [e.title for e in chinese.entries] == [HEADLINES["zh-HK"]] * len(FEED_DAYS)


def test_feeds_are_the_same_bytes_each_time_and_link_relatively_without_a_base(feed_reports: Path) -> None:
    first = [path.read_bytes() for path in write_feeds(feed_reports, None)]
    second = [path.read_bytes() for path in write_feeds(feed_reports, None)]

    assert first == second
    english = feedparser.parse(first[0])
    assert [e.link for e in english.entries][:2] == ["2025-11-21/closing_report.html", "2025-11-20/closing_report.html"]
    assert not [p for p in feed_reports.iterdir() if p.name.endswith(".partial")]


def test_feeds_keep_only_the_newest_days(feed_reports: Path) -> None:
    write_feeds(feed_reports, REPORTS_URL, newest=2)

    for name in ("feed.xml", "feed.zh-HK.xml"):
        feed = feedparser.parse((feed_reports / name).read_bytes())
        assert [e.published[:10] for e in feed.entries] == ["2025-11-21", "2025-11-20"]


def test_no_reports_no_feeds(tmp_path: Path) -> None:
    assert write_feeds(tmp_path / "reports", REPORTS_URL) == []
    (tmp_path / "reports").mkdir()
    assert write_feeds(tmp_path / "reports", REPORTS_URL) == []
    assert list((tmp_path / "reports").iterdir()) == []
