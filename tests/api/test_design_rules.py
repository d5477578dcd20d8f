"""The Dutch API Design Rules: the government's linter finds no error in the committed document."""

from __future__ import annotations

import collections
import json
import subprocess
from pathlib import Path

import pytest

from opgave.api.design_rules import API_VERSION

from .openapi_check import DOCUMENT_PATH

PROJECT_DIR = Path(__file__).resolve().parents[2]
RULES = Path(__file__).parent / "design_rules"
SPECTRAL = PROJECT_DIR / "node_modules" / ".bin" / "spectral"
# Warnings the rules do not justify fixing (tests/api/design_rules/SOURCE.md says why).
ACCEPTED_WARNINGS = {"oas3-operation-security-defined", "servers-use-https"}


def test_the_linter_reports_no_errors_and_only_the_accepted_warnings() -> None:
    assert SPECTRAL.exists(), (
        "Spectral is missing: `npm install` (make test does it) installs it from package.json"
    )
    result = subprocess.run(
        [str(SPECTRAL), "lint", "--ruleset", str(RULES / "opgave.spectral.yml"), "--format", "json", "--quiet",
         str(DOCUMENT_PATH)],
        capture_output=True, text=True, check=False, cwd=PROJECT_DIR,
    )  # fmt: skip
    findings = json.loads(result.stdout or "[]")
    errors = [
        f"{f['code']}: {f['message']} at {'.'.join(map(str, f['path']))}"
        for f in findings
        if f["severity"] == 0
    ]
    assert errors == [], errors
    warnings = collections.Counter(f["code"] for f in findings if f["severity"] == 1)
    assert set(warnings) <= ACCEPTED_WARNINGS, warnings


def test_the_ruleset_is_logius_unchanged() -> None:
    for shared in (PROJECT_DIR.parent / "shared", PROJECT_DIR.parents[1] / "shared"):
        original = shared / "api-design-rules" / "spectral.yml"
        if original.exists():
            assert (RULES / "spectral.yml").read_bytes() == original.read_bytes()
            return
    pytest.skip("shared/api-design-rules is not beside this clone")


@pytest.mark.django_db
def test_every_api_response_sends_its_version(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/api/v1/me", "/api/v1/bestaat-niet", "/api/v1/openapi.json"):
        assert client.get(path).headers["API-Version"] == API_VERSION, path


@pytest.mark.django_db
def test_the_document_is_public_at_the_api_root_for_any_origin(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.headers["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    assert document["servers"][0]["url"] == "/api/v1" and "/openapi.json" in document["paths"]
