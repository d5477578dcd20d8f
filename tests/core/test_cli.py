"""The `opgave` command line, through Typer's test runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.core.factories import OrganisationFactory
from typer.testing import CliRunner

import opgave
from opgave import cli
from opgave.core.models import AuditRecord, Membership, Organisation, Person
from opgave.core.services import audit

runner = CliRunner()


def invoke(*args: str, **kwargs: Any) -> Any:
    return runner.invoke(cli.app, list(args), **kwargs)


def test_version_and_help() -> None:
    assert invoke("--version").output.strip() == f"opgave {opgave.__version__}"
    for command in ([], ["demo"], ["audit"], ["audit", "verify"], ["createuser"], ["openapi"], ["serve"]):
        result = invoke(*command, "--help")
        assert result.exit_code == 0, (command, result.output)
        assert "Usage" in result.output


@pytest.mark.django_db
def test_audit_verify_reports_an_intact_chain() -> None:
    audit.record(actor=None, action="proef", result="success")
    result = invoke("audit", "verify")
    assert result.exit_code == 0
    assert "audit: 1 records, keten intact" in result.output


@pytest.mark.django_db
def test_audit_verify_fails_with_the_first_broken_record(raw_sql: Callable[..., None]) -> None:
    for _ in range(3):
        audit.record(actor=None, action="proef", result="success")
    raw_sql("UPDATE core_auditrecord SET origin = '6.6.6.6' WHERE seq = 2")
    result = invoke("audit", "verify", "--log", "audit")
    assert result.exit_code == 1
    assert "keten gebroken bij record 2" in result.output
    assert "Traceback" not in result.output


@pytest.mark.django_db
def test_createuser_without_prompts() -> None:
    org = OrganisationFactory(name="Gemeente Ede")
    result = invoke(
        "createuser", "--username", "eva", "--email", "eva@ede.example", "--password", "een-lang-wachtwoord-42",
        "--organisation", "Gemeente Ede", "--role", "beheerder", "--no-input",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    person = Person.objects.get(username="eva")
    assert person.check_password("een-lang-wachtwoord-42") and not person.is_staff
    assert Membership.objects.get(person=person).organisation == org
    assert AuditRecord.objects.filter(action="person.create", actor_label="systeem").exists()


@pytest.mark.django_db
def test_createuser_with_prompts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt="": "nog-een-lang-wachtwoord")
    result = invoke("createuser", "--platform-admin", input="bram\nbram@bzk.example\nBram\nHoekstra\n")
    assert result.exit_code == 0, result.output
    person = Person.objects.get(username="bram")
    assert person.is_staff and person.is_superuser and person.get_full_name() == "Bram Hoekstra"


@pytest.mark.django_db
def test_createuser_explains_what_is_wrong() -> None:
    weak = invoke(
        "createuser", "--username", "x", "--email", "x@x.example", "--password", "kort", "--no-input"
    )
    assert weak.exit_code == 1 and "Fout:" in weak.output and "Traceback" not in weak.output
    missing = invoke("createuser", "--username", "x", "--no-input")
    assert missing.exit_code == 1 and "E-mailadres ontbreekt" in missing.output
    unknown = invoke(
        "createuser", "--username", "y", "--email", "y@y.example", "--password", "een-lang-wachtwoord-42",
        "--organisation", "Bestaat Niet", "--no-input",
    )  # fmt: skip
    assert unknown.exit_code == 1 and "bestaat niet" in unknown.output
    assert not Person.objects.exists()


@pytest.mark.django_db
def test_demo_load_is_idempotent_and_prints_the_accounts(settings: Any) -> None:
    settings.DEMO_MODE = True
    first = invoke("demo", "load")
    assert first.exit_code == 0, first.output
    counts = (Organisation.objects.count(), Person.objects.count(), Membership.objects.count())
    second = invoke("demo", "load")
    assert second.exit_code == 0
    assert (Organisation.objects.count(), Person.objects.count(), Membership.objects.count()) == counts
    assert "sanne" in second.output and "samen-werken-demo" in second.output
    sanne = Person.objects.get(username="sanne")
    assert sanne.memberships.count() >= 2 and sanne.is_demo
    assert Person.objects.filter(is_staff=True, is_demo=True).exists()
    assert Organisation.objects.get(cbs_code="GM0202").name == "Gemeente Arnhem"
    reset = invoke("demo", "reset")
    assert reset.exit_code == 0, reset.output
    assert Person.objects.get(username="sanne").pk != sanne.pk


@pytest.mark.django_db
def test_demo_is_refused_outside_demo_mode(settings: Any) -> None:
    settings.DEMO_MODE = False
    result = invoke("demo", "load")
    assert result.exit_code == 1 and "OPGAVE_DEMO=true" in result.output
    assert not Person.objects.exists()


class _StandInApi:
    """Answers like ``NinjaAPI.get_openapi_schema``: a dict whose key order varies per call."""

    calls = 0

    def get_openapi_schema(self) -> dict[str, Any]:
        self.calls += 1
        items = [("openapi", "3.1.0"), ("info", {"title": "opgave API", "version": "1.0.0"}), ("paths", {})]
        return dict(items if self.calls % 2 else reversed(items))


def test_openapi_export_is_deterministic_and_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stand_in = _StandInApi()
    monkeypatch.setattr(cli, "load_api", lambda: stand_in)
    target = tmp_path / "openapi.json"
    assert invoke("openapi", "--output", str(target)).exit_code == 0
    first = target.read_text()
    assert invoke("openapi", "--output", str(target)).exit_code == 0
    assert target.read_text() == first and '"openapi"' in first
    assert invoke("openapi", "--check", str(target)).exit_code == 0
    target.write_text(first.replace('"openapi"', '"openapi_oud"'))
    stale = invoke("openapi", "--check", str(target))
    assert stale.exit_code == 1
    assert "openapi.json is verouderd: voer `make schema` uit" in stale.output


def test_settings_lists_every_declared_setting() -> None:
    from opgave.conf import DECLARED

    result = invoke("settings")
    assert result.exit_code == 0
    for name in DECLARED:
        assert name in result.output


def test_the_generated_reference_is_up_to_date() -> None:
    result = invoke("reference", "--check")
    assert result.exit_code == 0, f"{result.output}\nRun `opgave reference` to regenerate docs/reference."


def test_every_declared_setting_is_documented() -> None:
    from opgave.conf import DECLARED

    text = (cli.REFERENCE_DIR / "settings.md").read_text(encoding="utf-8")
    missing = [name for name in DECLARED if f"`{name}`" not in text]
    assert not missing, f"undocumented settings: {missing}"


def test_every_command_is_documented() -> None:
    import typer

    text = (cli.REFERENCE_DIR / "cli.md").read_text(encoding="utf-8")
    group = typer.main.get_command(cli.app)
    assert all(f"`opgave {name}`" in text for name in group.commands)  # type: ignore[attr-defined]


def test_unexpected_errors_are_readable(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> str:
        raise RuntimeError("de API kon niet worden geladen")

    monkeypatch.setattr(cli, "openapi_document", broken)
    result = invoke("openapi")
    assert result.exit_code == 1
    assert "Fout: de API kon niet worden geladen" in result.output
    assert "Traceback" not in result.output


def test_serve_runs_the_production_server_on_the_given_address(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from opgave.ops import preflight, serving

    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    monkeypatch.setenv("OPGAVE_STATIC_MANIFEST", "false")
    monkeypatch.setattr(preflight, "run_all", lambda host, port: None)
    calls: list[serving.ServeOptions] = []

    def fake_runner(options: serving.ServeOptions, ready: Callable[[], None]) -> None:
        calls.append(options)
        ready()

    monkeypatch.setitem(serving.RUNNERS, "gunicorn", fake_runner)
    result = invoke("serve", "--host", "0.0.0.0", "--port", "8123", "--workers", "3", "--threads", "2")  # noqa: S104
    assert result.exit_code == 0, result.output
    assert "http://0.0.0.0:8123/" in result.output
    assert calls == [serving.ServeOptions(host="0.0.0.0", port=8123, workers=3, threads=2)]  # noqa: S104
    assert invoke("serve", "--port", "0").exit_code != 0
    assert "onbekende server" in invoke("serve", "--server", "waitress").output


def test_dev_runs_the_autoreloading_development_server(monkeypatch: pytest.MonkeyPatch) -> None:
    from opgave.ops import preflight

    for check in ("check_port", "check_database", "check_migrations"):
        monkeypatch.setattr(preflight, check, lambda *args: None)
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(
        "django.core.management.call_command", lambda *args, **kwargs: calls.append((args, kwargs))
    )
    result = invoke("dev", "--port", "8124")
    assert result.exit_code == 0, result.output
    assert calls and calls[0][0] == ("runserver", "127.0.0.1:8124") and calls[0][1]["use_reloader"] is True
