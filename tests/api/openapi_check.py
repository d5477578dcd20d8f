"""Validate real responses against the committed ``openapi.json`` (status, media type, body)."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import jsonschema_rs

DOCUMENT_PATH = Path(__file__).resolve().parents[2] / "openapi.json"


@functools.cache
def document() -> dict[str, Any]:
    return json.loads(DOCUMENT_PATH.read_text(encoding="utf-8"))


@functools.cache
def _templates() -> list[tuple[re.Pattern[str], str]]:
    compiled = []
    root = document()["servers"][0]["url"].rstrip("/")  # paths are relative to the server (/api/v1)
    for template in document()["paths"]:
        regex = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(root + template)) + "$"
        compiled.append((re.compile(regex), template))
    # Static segments first: /organisations before /organisations/{id}.
    compiled.sort(key=lambda item: item[1].count("{"))
    return compiled


def template_for(path: str) -> str | None:
    for regex, template in _templates():
        if regex.match(path):
            return template
    return None


@functools.cache
def _validator(schema_json: str) -> Any:
    schema = json.loads(schema_json)
    root = {**schema, "components": document()["components"]}
    return jsonschema_rs.Draft202012Validator(root)


def validate_body(schema: dict[str, Any], body: Any) -> None:
    if schema.get("format") == "binary" and isinstance(body, (bytes, str)):
        return  # a file download: the bytes themselves are the body
    validator = _validator(json.dumps(schema, sort_keys=True))
    errors = [f"{error.message} at {list(error.instance_path)}" for error in validator.iter_errors(body)]
    assert not errors, f"response body does not match the OpenAPI schema: {errors[:5]}"


PROBLEM_SCHEMA = {"$ref": "#/components/schemas/Problem"}


def validate_response(method: str, path: str, status: int, content_type: str, body: Any) -> None:
    """Fail unless the response is what ``openapi.json`` documents for this operation."""
    media = content_type.split(";")[0].strip()
    template = template_for(path)
    operation = document()["paths"][template].get(method.lower()) if template else None
    if operation is None:
        # Unknown path or method: the API answers 404/405 as a problem.
        assert status in (404, 405), f"{method} {path}: undocumented operation answered {status}"
        assert media == "application/problem+json"
        validate_body(PROBLEM_SCHEMA, body)
        return
    responses = operation["responses"]
    entry = responses.get(str(status)) or responses.get("default")
    assert entry is not None, f"{method} {template}: status {status} is not documented ({sorted(responses)})"
    content = entry.get("content")
    if not content:
        assert body in (None, b"", ""), f"{method} {template}: {status} must have no body"
        return
    assert media in content, (
        f"{method} {template}: {status} has media type {media}, documented {sorted(content)}"
    )
    if isinstance(body, bytes):  # a text format other than JSON (JSON Lines, CSV): a string
        body = body.decode("utf-8", "replace")
    validate_body(content[media]["schema"], body)
