"""``opgave check --deploy``: the serving checks (HTTPS, HSTS, cookies, hosts, debug, TOTP, demo)."""

from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from opgave import cli

REAL = "een-echte-geheime-sleutel-die-nergens-gepubliceerd-is-0123456789"


@pytest.fixture(autouse=True)
def _no_async_unsafe(monkeypatch: pytest.MonkeyPatch) -> None:
    """The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process (Playwright's sync API); a
    deployment never has it, and Django's check async.E001 would report it here."""
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)


def production_settings(settings: Any) -> None:
    """The settings a production installation has (``OPGAVE_ENV=production`` plus its hosts)."""
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.ALLOWED_HOSTS = ["opgave.example.nl"]
    settings.REQUIRE_ADMIN_TOTP = True
    settings.DEMO_MODE = False
    settings.METRICS_TOKEN = ""
    settings.RULES_RECEIPT_KEYS = f"productie:{REAL}"  # receipts signed with an own key (opgave.rules.E001)


def test_every_serving_problem_is_listed_and_fails_the_check(settings: Any) -> None:
    settings.SECRET_KEY, settings.PSEUDONYM_KEY = REAL, REAL[::-1]
    production_settings(settings)
    settings.DEBUG = True
    settings.SECURE_SSL_REDIRECT, settings.SECURE_PROXY_SSL_HEADER = False, None
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SESSION_COOKIE_SECURE = False
    settings.ALLOWED_HOSTS = ["*"]
    settings.REQUIRE_ADMIN_TOTP = False
    settings.DEMO_MODE = True
    settings.METRICS_TOKEN = "kort"
    result = CliRunner().invoke(cli.app, ["check", "--deploy"])
    assert result.exit_code == 1
    for check in ("ops.E001", "ops.E002", "ops.E003", "ops.E004", "ops.E005", "ops.E006", "ops.E007"):
        assert check in result.output, check


def test_production_settings_pass(settings: Any) -> None:
    settings.SECRET_KEY, settings.PSEUDONYM_KEY = REAL, REAL[::-1]
    production_settings(settings)
    result = CliRunner().invoke(cli.app, ["check", "--deploy"])
    assert result.exit_code == 0, result.output
    assert "ops.E" not in result.output


def test_localhost_only_is_not_a_production_host(settings: Any) -> None:
    settings.SECRET_KEY, settings.PSEUDONYM_KEY = REAL, REAL[::-1]
    production_settings(settings)
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    result = CliRunner().invoke(cli.app, ["check", "--deploy"])
    assert result.exit_code == 1 and "ops.E005" in result.output
