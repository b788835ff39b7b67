"""Who receives the closing report and how: the delivery section of the settings (`Settings.delivery`).

Every setting is optional and nothing is sent when none is set, but a half-configured channel is an
error at once (a ValueError naming the missing variable), not a silence discovered a week later.
The password and the webhook's URL (its path holds a secret) never show in the repr or in any text
that passes through `scrub`.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parseaddr

from pipelines.config.report_files import REPORT_LANGUAGES
from pipelines.config.secrets import HIDDEN, redacted
from pipelines.config.services import port_number

TLS_MODES = ("starttls", "smtps", "none")
SMTPS_PORT = 465
DEFAULT_SMTP_PORT = 587
MAIL_VARIABLES = ("HKCLOSE_MAIL_TO", "HKCLOSE_MAIL_FROM", "HKCLOSE_SMTP_HOST")


@dataclass(frozen=True, repr=False)
class DeliverySettings:
    """The channels' settings; `from_env` reads and checks them. `reports_url` is the settings'
    HKCLOSE_REPORTS_URL, handed in (the feeds read it too, whether or not delivery is set up right)."""

    mail_to: tuple[str, ...] = ()
    mail_from: str | None = None
    smtp_host: str | None = None
    smtp_port: int = DEFAULT_SMTP_PORT
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_tls: str = "starttls"
    webhook_url: str | None = None
    reports_url: str | None = None
    chat_language: str = "en"

    @classmethod
    def from_env(cls, environ: Mapping[str, str], reports_url: str | None = None) -> "DeliverySettings":
        """The settings from `environ`; ValueError for a channel set up by half or a password sent in clear."""

        def value(name: str) -> str | None:
            return (environ.get(name) or "").strip() or None

        mail_to = tuple(a.strip() for a in (value("HKCLOSE_MAIL_TO") or "").split(",") if a.strip())
        present = {name for name in MAIL_VARIABLES if value(name)}
        if present and present != set(MAIL_VARIABLES):
            missing = ", ".join(name for name in MAIL_VARIABLES if name not in present)
            raise ValueError(f"mail is set up by half: {missing} must be set too (or unset {', '.join(present)})")
        port = port_number("HKCLOSE_SMTP_PORT", value("HKCLOSE_SMTP_PORT"), DEFAULT_SMTP_PORT)
        tls = (value("HKCLOSE_SMTP_TLS") or ("smtps" if port == SMTPS_PORT else "starttls")).lower()
        if tls not in TLS_MODES:
            raise ValueError(f"HKCLOSE_SMTP_TLS is {tls!r}; it must be one of {', '.join(TLS_MODES)}")
        user, password = value("HKCLOSE_SMTP_USER"), environ.get("HKCLOSE_SMTP_PASSWORD") or None
        if (user is None) != (password is None):
            raise ValueError("HKCLOSE_SMTP_USER and HKCLOSE_SMTP_PASSWORD go together: set both or neither")
        if password is not None and tls == "none":
            raise ValueError("HKCLOSE_SMTP_TLS=none with a password: never a password in clear (use starttls or smtps)")
        mail_from = value("HKCLOSE_MAIL_FROM")
        if mail_from is not None and "@" not in parseaddr(mail_from)[1]:
            raise ValueError(f"HKCLOSE_MAIL_FROM is {mail_from!r}, not an address (name@domain)")
        webhook = value("HKCLOSE_REPORT_WEBHOOK")
        if webhook is not None and not webhook.startswith(("https://", "http://")):
            raise ValueError(f"HKCLOSE_REPORT_WEBHOOK {redacted(webhook)} is not an http(s) URL")
        chat_language = value("HKCLOSE_CHAT_LANGUAGE") or "en"
        if chat_language not in REPORT_LANGUAGES:
            raise ValueError(
                f"HKCLOSE_CHAT_LANGUAGE is {chat_language!r}; it must be one of {', '.join(REPORT_LANGUAGES)}"
            )
        return cls(
            mail_to=mail_to,
            mail_from=mail_from,
            smtp_host=value("HKCLOSE_SMTP_HOST"),
            smtp_port=port,
            smtp_user=user,
            smtp_password=password,
            smtp_tls=tls,
            webhook_url=webhook,
            reports_url=reports_url,
            chat_language=chat_language,
        )

    @property
    def has_credentials(self) -> bool:
        return self.smtp_user is not None and self.smtp_password is not None

    @property
    def mail_domain(self) -> str:
        """The domain of the sender's address, which Message-IDs are made under."""
        return parseaddr(self.mail_from or "")[1].rpartition("@")[2] or "hkclose.invalid"

    def scrub(self, text: str) -> str:
        """`text` with the password and the webhook's URL (or its path alone) hidden."""
        if self.webhook_url:
            text = text.replace(self.webhook_url, redacted(self.webhook_url))
            path = self.webhook_url.split("://", 1)[-1].partition("/")[2]
            if path:
                text = text.replace(path, HIDDEN)
        if self.smtp_password:
            text = text.replace(self.smtp_password, HIDDEN)
        return text

    def __repr__(self) -> str:
        return (
            f"DeliverySettings(mail_to={list(self.mail_to)}, "
            f"mail_from={self.mail_from!r}, smtp={self.smtp_host}:{self.smtp_port} tls={self.smtp_tls}, "
            f"smtp_user={self.smtp_user!r}, smtp_password={HIDDEN if self.smtp_password else None}, "
            f"webhook={redacted(self.webhook_url) if self.webhook_url else None}, "
            f"reports_url={self.reports_url!r}, chat_language={self.chat_language!r})"
        )
