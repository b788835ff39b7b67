"""The settings load once, in one typed object (pipelines/config/): the pipeline's own, the
services' and delivery's; no other module reads an `HKCLOSE_*` variable; secrets never show."""

import ast
from pathlib import Path

import pytest

from pipelines.config import Settings
from pipelines.defs.resources import HkcloseResource
from pipelines.services.service import ServiceSettings
from tests.helpers import found_in_the_package

MAIL = {"HKCLOSE_MAIL_TO": "desk@example.com", "HKCLOSE_MAIL_FROM": "wire@example.com", "HKCLOSE_SMTP_HOST": "h"}


def settings_read_from_the_environment(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, variable) of each read of an `HKCLOSE_*` variable from the environment: `os.environ[...]`,
    `environ.get(...)`, `os.getenv(...)`, `EnvVar(...)` with the variable's name written out."""

    def named(node: ast.AST) -> str:
        return node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else ""

    found = []
    for node in ast.walk(tree):
        key = None
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) and named(node.value) == "environ":
            key = node.slice
        elif isinstance(node, ast.Call) and node.args:
            function = node.func
            on_environ = isinstance(function, ast.Attribute) and named(function.value) == "environ"
            if (on_environ and function.attr in ("get", "pop")) or named(function) in ("getenv", "EnvVar"):
                key = node.args[0]
        if isinstance(key, ast.Constant) and str(key.value).startswith("HKCLOSE_"):
            found.append((node.lineno, key.value))
    return found


def test_no_module_outside_config_reads_a_setting_from_the_environment() -> None:
    assert found_in_the_package(settings_read_from_the_environment, outside="config") == []
    planted = ast.parse(
        'url = os.environ.get("HKCLOSE_REPORTS_URL")\nport = os.environ["HKCLOSE_UI_PORT"]\n'
        'home = os.getenv("HKCLOSE_PG_DIR")\nos.environ["HKCLOSE_PG_URL"] = url'
    )
    assert settings_read_from_the_environment(planted) == [
        (1, "HKCLOSE_REPORTS_URL"),
        (2, "HKCLOSE_UI_PORT"),
        (3, "HKCLOSE_PG_DIR"),
    ]


def test_the_services_take_their_variables_from_the_settings(tmp_path: Path) -> None:
    environ = {
        "HKCLOSE_WAREHOUSE": str(tmp_path / "w" / "hkclose.duckdb"),
        "HKCLOSE_PG_DIR": str(tmp_path / "pg"),
        "HKCLOSE_PG_PORT": "5499",
        "HKCLOSE_UI_PORT": "3999",
        "HKCLOSE_PG_OS_USER": "pgsvc",
    }
    services = ServiceSettings.from_settings(Settings.from_env(environ))
    assert services.service_dir == tmp_path / "w" / "service"
    assert (services.pg_dir, services.pg_port, services.ui_port, services.pg_os_user) == (
        tmp_path / "pg",
        5499,
        3999,
        "pgsvc",
    )
    with pytest.raises(ValueError, match="HKCLOSE_UI_PORT is 'web', not a port number"):
        Settings.from_env(environ | {"HKCLOSE_UI_PORT": "web"})


def test_delivery_set_up_by_half_is_said_where_delivery_is_used_and_never_stops_a_run(tmp_path: Path) -> None:
    half = {"HKCLOSE_MAIL_TO": "desk@example.com", "HKCLOSE_REPORTS_URL": "https://example.com/r/"}
    settings = Settings.from_env(half)
    # The run's own settings load (the report and its feeds are written, with the feeds' address) ...
    assert settings.reports_url == "https://example.com/r"
    # ... and the sensor and `--deliver`, which read `delivery`, get the problem, naming the variables.
    with pytest.raises(ValueError, match="mail is set up by half: HKCLOSE_MAIL_FROM, HKCLOSE_SMTP_HOST must be set"):
        _ = settings.delivery
    whole = Settings.from_env(MAIL | {"HKCLOSE_REPORTS_URL": "https://example.com/r/"}).delivery
    assert (whole.mail_to, whole.reports_url) == (("desk@example.com",), "https://example.com/r")


def test_dagsters_resource_gives_the_same_settings_as_the_environment(monkeypatch, tmp_path: Path) -> None:
    environ = MAIL | {
        "HKCLOSE_WAREHOUSE": str(tmp_path / "hkclose.duckdb"),
        "HKCLOSE_SOURCE": "simulated",
        "HKCLOSE_REPORTS_URL": "https://example.com/r",
        "HKCLOSE_UI_PORT": "3999",
        "HKCLOSE_ALERT_WEBHOOK": "https://alerts.example/T1/B2/AlertSecretToken",
    }
    for variable, value in environ.items():
        monkeypatch.setenv(variable, value)
    resource = HkcloseResource.from_env()
    # As a run or a sensor gets it: its EnvVar fields resolved.
    with resource.process_config_and_initialize_cm() as initialized:
        assert initialized.settings() == Settings.from_env()
    # The UI shows the resource's config: the alert webhook by its variable's name, never its URL,
    # and no delivery secret at all (delivery's variables are not the resource's fields).
    shown = str(resource.model_dump()) + repr(resource)
    assert "AlertSecretToken" not in shown
    assert not any(field.startswith(("smtp", "mail", "webhook")) for field in HkcloseResource.model_fields)
