"""A real SMTP server (aiosmtpd) and a chat webhook on 127.0.0.1, for the tests of delivery
(their fixtures are in tests/conftest.py)."""

import email
import email.policy
import json
import threading
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

# The one password the mail server takes, and the secret path of the webhook's URL: tests check
# neither ever shows.
PASSWORD = "pw-Hunter2-secret"
WEBHOOK_SECRET = "services/T0001/B0002/XyzSecretToken"


class MailServer:
    """aiosmtpd on 127.0.0.1:port, keeping each message's bytes and each AUTH attempt; stop and start again."""

    def __init__(self, port: int, with_auth: bool = False, refusal: str | None = None, **smtp_parameters) -> None:
        self.port = port
        self.refusal = refusal  # a wrong password's answer, `{password}` replaced (a server that echoes it)
        self.parameters = smtp_parameters | ({"authenticator": self.authenticate} if with_auth else {})
        self.messages: list[bytes] = []
        self.tls_sessions: list[bool] = []
        self.login_attempts: list[tuple[str, bool]] = []  # (mechanism, over TLS)
        self.controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(envelope.content)
        self.tls_sessions.append(session.ssl is not None)
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        self.login_attempts.append((mechanism, session.ssl is not None))
        # handled=False: the server answers (235 or 535); True would leave the client waiting.
        success = auth_data.password == PASSWORD.encode()
        answer = None if success or self.refusal is None else self.refusal.format(password=auth_data.password.decode())
        return AuthResult(success=success, handled=False, message=answer)

    def start(self) -> "MailServer":
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port, **self.parameters)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def parsed(self) -> list[EmailMessage]:
        return [email.message_from_bytes(m, policy=email.policy.default) for m in self.messages]


class Webhook:
    """A chat webhook on 127.0.0.1 answering `status`; keeps the posts it took (2xx) and counts every attempt."""

    def __init__(self) -> None:
        self.status = 200
        self.taken: list[tuple[str, dict]] = []
        self.attempts = 0
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                hook.attempts += 1
                if 200 <= hook.status < 300:
                    hook.taken.append((self.path, body))
                self.send_response(hook.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/{WEBHOOK_SECRET}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
