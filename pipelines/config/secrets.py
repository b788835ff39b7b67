"""How a secret shows wherever text may be read (the UI, logs, alerts, reprs, the delivery record)."""

import httpx

HIDDEN = "***"


def redacted(url: str) -> str:
    """A webhook's URL as errors and logs may show it: its scheme and host, not its path or query
    (a Slack or Teams webhook's path is its secret)."""
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL:
        return "(an invalid URL)"
    return f"{parsed.scheme}://{parsed.host}/…"
