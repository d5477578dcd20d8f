"""The committed openapi.json: fresh, valid OpenAPI 3.1, and documenting the conventions."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation import OpenAPIV31SpecValidator

from opgave.api.schema import export_schema, render

from .openapi_check import DOCUMENT_PATH, document

METHODS = {"get", "post", "put", "patch", "delete"}


def operations() -> list[tuple[str, str, dict]]:
    return [
        (method, path, operation)
        for path, item in document()["paths"].items()
        for method, operation in item.items()
        if method in METHODS and path != "/openapi.json"  # the document itself: public, static
    ]


def test_the_committed_document_is_fresh() -> None:
    assert DOCUMENT_PATH.read_text(encoding="utf-8") == render(), "openapi.json is stale: run `make schema`"


def test_export_is_deterministic_with_sorted_keys() -> None:
    assert render() == render()
    text = render()
    assert json.loads(text) == export_schema()
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_it_is_a_valid_openapi_3_1_document() -> None:
    assert document()["openapi"] == "3.1.0"
    validate(document(), cls=OpenAPIV31SpecValidator)


def test_every_operation_documents_problem_responses() -> None:
    for method, path, operation in operations():
        for status in ("400", "404", "500"):
            content = operation["responses"][status]["content"]
            assert content == {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            }, (
                method,
                path,
            )
        if "requestBody" in operation:
            assert "422" in operation["responses"] and "413" in operation["responses"], (method, path)


def test_every_operation_requires_authentication() -> None:
    for method, path, operation in operations():
        schemes = {name for requirement in operation.get("security", []) for name in requirement}
        assert schemes == {"TokenAuth", "SessionAuth"}, f"{method} {path} is not deny-by-default"
        assert "401" in operation["responses"] and "403" in operation["responses"]


def test_changes_require_if_match_and_posts_accept_an_idempotency_key() -> None:
    for method, path, operation in operations():
        headers = {p["name"]: p for p in operation.get("parameters", []) if p["in"] == "header"}
        if method in {"patch", "put", "delete"}:
            assert headers["If-Match"]["required"] is True, (method, path)
            assert {"412", "428"} <= set(operation["responses"]), (method, path)
        if method == "post" and path.startswith("/organisations"):
            assert "Idempotency-Key" in headers, (method, path)


def test_no_personal_data_in_urls() -> None:
    suspicious = ("bsn", "email", "e-mail", "naam", "name", "geboortedatum", "password")
    for method, path, operation in operations():
        assert not any(word in path.lower() for word in suspicious), path
        for parameter in operation.get("parameters", []):
            if parameter["in"] in {"path", "query"}:
                assert parameter["name"].lower() not in suspicious, (method, path, parameter["name"])


@pytest.mark.django_db
def test_the_served_document_is_the_committed_one(client) -> None:  # type: ignore[no-untyped-def]
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200
    assert served.json() == document()


@pytest.mark.django_db
def test_the_interactive_docs_use_local_assets_only(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/api/v1/docs", headers={"Accept": "text/html"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert "/static/" in html


def test_no_two_schemas_share_a_component_name() -> None:
    """Ninja names a component after its class: two ``VersionOut`` classes in two pillars would
    silently document one of them for both (the collaborations versions page was documented
    with the rules' fields). Every schema class in the API packages has its own name."""
    import ast
    from collections import defaultdict
    from pathlib import Path

    import opgave.api

    root = Path(opgave.api.__file__).parent
    seen: dict[str, list[str]] = defaultdict(list)
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                "Schema" in ast.unparse(base) or ast.unparse(base).endswith(("Out", "In"))
                for base in node.bases
            ):
                seen[node.name].append(str(path.relative_to(root)))
    duplicates = {name: files for name, files in seen.items() if len(files) > 1}
    assert duplicates == {}, f"schema classes with the same name: {duplicates}"
