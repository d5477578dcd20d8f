"""Production refuses the published development secrets (defect 4): at start-up and in `check --deploy`."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from typer.testing import CliRunner

from opgave import cli
from opgave.conf import DECLARED

REAL = "k3J9-echt-geheim-en-lang-genoeg-voor-productie-0123456789abcdef"


@pytest.fixture(autouse=True)
def _no_async_unsafe(monkeypatch: pytest.MonkeyPatch) -> None:
    """The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process (Playwright's sync API); a
    deployment never has it, and Django's check async.E001 would report it here."""
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)


def _start(**environment: str) -> subprocess.CompletedProcess[str]:
    """Start Django the way a server does (``django.setup()``), in a fresh process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPGAVE_")}
    env.update({"DJANGO_SETTINGS_MODULE": "opgave.settings", **environment})
    code = "import django; django.setup(); print('gestart')"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)


@pytest.mark.parametrize(
    ("environment", "missing"),
    [
        ({}, ["OPGAVE_SECRET_KEY", "OPGAVE_PSEUDONYM_KEY"]),
        ({"OPGAVE_SECRET_KEY": REAL}, ["OPGAVE_PSEUDONYM_KEY"]),
        ({"OPGAVE_PSEUDONYM_KEY": REAL}, ["OPGAVE_SECRET_KEY"]),
        ({"OPGAVE_SECRET_KEY": "", "OPGAVE_PSEUDONYM_KEY": REAL}, ["OPGAVE_SECRET_KEY"]),
    ],
)
def test_production_does_not_start_without_its_own_secrets(
    environment: dict[str, str], missing: list[str]
) -> None:
    """Regression: with OPGAVE_ENV=production the published defaults used to be accepted silently."""
    started = _start(OPGAVE_ENV="production", **environment)
    assert started.returncode != 0 and "gestart" not in started.stdout
    assert "opgave start niet in productie" in started.stderr
    for variable in missing:
        assert variable in started.stderr
    for variable in {"OPGAVE_SECRET_KEY", "OPGAVE_PSEUDONYM_KEY"} - set(missing):
        assert f"- {variable}" not in started.stderr


def test_production_starts_with_its_own_secrets() -> None:
    started = _start(OPGAVE_ENV="production", OPGAVE_SECRET_KEY=REAL, OPGAVE_PSEUDONYM_KEY=REAL[::-1])
    assert started.returncode == 0, started.stderr
    assert "gestart" in started.stdout


def test_development_starts_with_the_development_defaults() -> None:
    assert _start(OPGAVE_ENV="development").returncode == 0


def test_check_deploy_reports_the_published_secrets(settings: Any) -> None:
    settings.SECRET_KEY = DECLARED["OPGAVE_SECRET_KEY"].default
    settings.PSEUDONYM_KEY = ""
    result = CliRunner().invoke(cli.app, ["check", "--deploy"])
    assert result.exit_code == 1
    assert "opgave.E001" in result.output and "openbare ontwikkelwaarde" in result.output
    assert "opgave.E002" in result.output and "OPGAVE_PSEUDONYM_KEY is niet ingesteld" in result.output


def test_check_deploy_passes_the_secrets_when_they_are_real(settings: Any) -> None:
    settings.SECRET_KEY = REAL
    settings.PSEUDONYM_KEY = REAL[::-1]
    from tests.ops.test_deploy_checks import production_settings  # the serving checks pass too

    production_settings(settings)
    result = CliRunner().invoke(cli.app, ["check", "--deploy"])
    assert "opgave.E00" not in result.output  # other deploy checks (ops.*) may still object here


def test_check_without_deploy_leaves_the_secrets_alone(settings: Any) -> None:
    settings.SECRET_KEY = DECLARED["OPGAVE_SECRET_KEY"].default
    result = CliRunner().invoke(cli.app, ["check"])
    assert result.exit_code == 0, result.output
