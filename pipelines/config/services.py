"""The services' own variables (`make serve`, docs/deployment.md): PostgreSQL's folder, port and
user, the webserver's port."""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PG_PORT = 5433
DEFAULT_UI_PORT = 3000


@dataclass(frozen=True)
class ServiceVariables:
    pg_dir: Path | None = None  # None: the default beside the warehouse (services/service.py)
    pg_port: int = DEFAULT_PG_PORT
    pg_os_user: str = "postgres"
    ui_port: int = DEFAULT_UI_PORT

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> "ServiceVariables":
        """The variables that are set, checked; ValueError naming a port that is not a port number."""

        def value(name: str) -> str | None:
            return (environ.get(name) or "").strip() or None

        pg_dir = value("HKCLOSE_PG_DIR")
        return cls(
            pg_dir=Path(pg_dir).resolve() if pg_dir else None,
            pg_port=port_number("HKCLOSE_PG_PORT", value("HKCLOSE_PG_PORT"), DEFAULT_PG_PORT),
            pg_os_user=value("HKCLOSE_PG_OS_USER") or "postgres",
            ui_port=port_number("HKCLOSE_UI_PORT", value("HKCLOSE_UI_PORT"), DEFAULT_UI_PORT),
        )


def port_number(variable: str, text: str | None, default: int) -> int:
    if text is None:
        return default
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise ValueError(f"{variable} is {text!r}, not a port number")
    return int(text)
