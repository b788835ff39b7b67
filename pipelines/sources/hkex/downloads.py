"""Fetch remote payloads once and keep them on disk, so a backfill replays without the network."""

import logging
import time
from pathlib import Path

import httpx

from pipelines.files import write_atomically

TIMEOUT = httpx.Timeout(30.0, connect=10.0)
ATTEMPTS = 4
FIRST_BACKOFF_SECONDS = 1.0
USER_AGENT = "hkclose (https://github.com/; daily close pipeline)"

log = logging.getLogger(__name__)


class SourceUnavailable(RuntimeError):
    """A remote source could not be reached (after retries) and no copy is kept on disk."""


class Downloads:
    """A folder of downloaded payloads, fetched with httpx on first use.

    `offline=True` replays the folder as it is (`hkclose report --replay`): a payload it does not
    hold is an error naming it, and nothing reaches the network.
    """

    def __init__(
        self, folder: Path, client: httpx.Client | None = None, sleep=time.sleep, offline: bool = False
    ) -> None:
        self.folder = folder
        self._client = client
        self._sleep = sleep
        self.offline = offline

    def _http(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(timeout=TIMEOUT, headers={"User-Agent": USER_AGENT}, follow_redirects=True)
        return self._client

    def get(self, url: str, name: str, params: dict | None = None, attempts: int = ATTEMPTS) -> bytes | None:
        """The payload kept as `name`, else fetched (None when the server answers 404)."""
        kept = self.kept(name)
        if kept is not None:
            return kept
        response = self.fetch(url, params, name, attempts)
        if response is not None:
            self.keep(name, response)
        return response

    def kept(self, name: str) -> bytes | None:
        path = self.folder / name
        return path.read_bytes() if path.exists() else None

    def keep(self, name: str, payload: bytes) -> None:
        """Keep a payload as `name`, atomically (a reader never sees half a file)."""
        write_atomically(self.folder / name, payload)

    def fetch(self, url: str, params: dict | None = None, name: str = "", attempts: int = ATTEMPTS) -> bytes | None:
        """GET with retries and exponential back-off on network errors and 5xx answers; None on a 404."""
        if self.offline:
            raise SourceUnavailable(
                f"replaying {self.folder} without the network, and it holds no {name or url} ({url}): "
                "add the payload to the replay folder, or run without --replay"
            )
        last_error = ""
        for attempt in range(attempts):
            if attempt:
                self._sleep(FIRST_BACKOFF_SECONDS * 2 ** (attempt - 1))
            try:
                response = self._http().get(url, params=params)
            except httpx.TransportError as error:
                last_error = f"{type(error).__name__}: {error}"
                log.warning("attempt %d of %d for %s failed: %s", attempt + 1, attempts, url, last_error)
                continue
            if response.status_code == 404:
                return None
            if response.status_code >= 500 or response.status_code == 429:
                last_error = f"HTTP {response.status_code}"
                continue
            response.raise_for_status()
            return response.content
        raise SourceUnavailable(
            f"cannot fetch {url} after {attempts} attempt(s) ({last_error}); is the network down? "
            f"Payloads fetched before are kept in {self.folder} and replay without the network."
        )
