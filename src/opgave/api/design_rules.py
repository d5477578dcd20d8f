"""What the Dutch API Design Rules ask of the document, applied to every operation at once.

The government's linter (Logius' Spectral ruleset, ``make api-lint``) checks the committed
``openapi.json``. Rather than asking each pillar to remember the rules, the document is
brought in line here, after Ninja generated it, so a new route complies by itself:

* ``servers`` names the versioned root (``/api/v1``) and paths are relative to it
  (``/core/uri-version``); the document itself is a path, ``/openapi.json``, answered with
  ``Access-Control-Allow-Origin: *`` (``/core/publish-openapi``);
* every 2xx/3xx response declares the ``API-Version`` header (``/core/version-header``);
  :func:`opgave.api.transport.guard` sends it on every response;
* path parameters are lowerCamelCase (``{collaborationId}``) so paths pass the kebab-case
  rule; only the document's names change (clients fill the path by position);
* component schemas have PascalCase names (``LawReferenceIO`` becomes ``LawReferenceIo``);
* tags are declared globally, with a description; operations without a docstring get one
  from their summary and access rule; components nothing refers to are dropped;
* ``info.contact`` is filled.

What is left on purpose (see ``docs/reference/api.md``): the ruleset's ``openapi3`` rule
predates OpenAPI 3.1, and ``oas3-operation-security-defined`` only knows OAuth2 flows, while
OpenAPI 3.1 lets a bearer scheme name the scope (role) an operation needs.
"""

from __future__ import annotations

import json
import re
from typing import Any

API_VERSION = "1.0.0"  # the full version; the major one is in the path (/api/v1)
API_VERSION_HEADER = "API-Version"
CONTACT = {
    "name": "Beheerders van opgave",
    "url": "https://example.invalid/opgave/opgave",
    "email": "beheer@example.invalid",
}
TAG_DESCRIPTIONS = {
    "Ik": "Wie de aanroeper is: persoon of token, met organisatie en scopes.",
    "Organisaties": "Organisaties op het platform: gemeenten, provincies, rijk en partners.",
    "Lidmaatschappen": "Wie lid of beheerder is van een organisatie.",
    "API-tokens": "Tokens waarmee systemen van een organisatie de API aanroepen.",
    "Samenwerkingen": "Samenwerkingen aan een maatschappelijke opgave en hun ontwerp.",
    "Sessies": "Sessies waarin partijen samen een formulering maken.",
    "Registers van een samenwerking": "Doelen, spanningen, lessen, activiteiten en versies van een samenwerking.",
    "Programma's": "Programma's die samenwerkingen bundelen onder thema's.",
}
_PARAM = re.compile(r"{([^}]+)}")


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


_PASCAL = re.compile(r"^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)*$")


def pascal(name: str) -> str:
    """``LawReferenceIO`` → ``LawReferenceIo``, ``Page_ItemOut_`` → ``PageItemOut``: Spectral's PascalCase."""
    if _PASCAL.match(name):
        return name
    parts = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+|[0-9]+", name)
    return "".join(part[:1].upper() + part[1:].lower() for part in parts) or name


def _rename_schemas(document: dict[str, Any]) -> dict[str, Any]:
    """Give every component schema a PascalCase name, references included."""
    schemas = document.get("components", {}).get("schemas", {})
    renames = {name: pascal(name) for name in schemas if pascal(name) != name}
    if not renames or len(set(renames.values()) | (set(schemas) - set(renames))) < len(schemas):
        return document  # nothing to do, or two names would collide: leave them as they are
    text = json.dumps(document)
    for old, new in renames.items():
        text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    renamed: dict[str, Any] = json.loads(text)
    renamed["components"]["schemas"] = {
        renames.get(k, k): v for k, v in renamed["components"]["schemas"].items()
    }
    return renamed


def version_header(version: str) -> dict[str, Any]:
    return {
        "description": "De volledige versie van de API die dit antwoord gaf.",
        "schema": {"type": "string", "example": version},
    }


def openapi_path_item(version: str) -> dict[str, Any]:
    return {
        "get": {
            "operationId": "openapi_document",
            "summary": "Dit OpenAPI-document",
            "description": "Het OpenAPI-document van deze API (JSON), vrij op te vragen zonder aanmelding.",
            "tags": ["Documentatie"],
            "responses": {
                "200": {
                    "description": "Het OpenAPI-document.",
                    "headers": {
                        API_VERSION_HEADER: version_header(version),
                        "access-control-allow-origin": {
                            "description": "Elke herkomst mag het document lezen.",
                            "schema": {"type": "string", "const": "*"},
                        },
                    },
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }


def _describe(operation: dict[str, Any]) -> str:
    summary = str(operation.get("summary", "")).rstrip(".")
    scopes = sorted(
        {scope for requirement in operation.get("security", []) for scope in requirement.get("TokenAuth", [])}
    )
    access = (
        f"Aanmelden met een sessie, of met een API-token met scope `{scopes[0]}`."
        if scopes
        else ("Aanmelden met een sessie of een API-token." if operation.get("security") else "Openbaar.")
    )
    return f"{summary}. {access}" if summary else access


def _rename_path_parameters(paths: dict[str, Any]) -> dict[str, Any]:
    renamed: dict[str, Any] = {}
    for template, item in paths.items():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path":
                    parameter["name"] = camel(parameter["name"])
        renamed[_PARAM.sub(lambda m: "{" + camel(m.group(1)) + "}", template)] = item
    return renamed


def _referenced_schemas(document: dict[str, Any]) -> set[str]:
    """Component schemas reachable from the paths (following references between schemas)."""
    schemas = document.get("components", {}).get("schemas", {})
    found: set[str] = set()
    pending = set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(document.get("paths", {}))))
    while pending:
        name = pending.pop()
        if name in found or name not in schemas:
            continue
        found.add(name)
        pending |= set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(schemas[name])))
    return found


def conform(document: dict[str, Any], *, root: str, version: str) -> None:
    """Apply the rules above to a generated document, in place."""
    prefix = "/" + root.strip("/")
    document["servers"] = [{"url": prefix, "description": "Deze installatie van opgave (API versie 1)."}]
    paths: dict[str, Any] = {}
    for template, item in document.get("paths", {}).items():
        relative = template[len(prefix) :] if template.startswith(prefix + "/") else template
        paths[relative or "/"] = item
    paths = _rename_path_parameters(paths)
    paths["/openapi.json"] = openapi_path_item(version)
    document["paths"] = dict(sorted(paths.items()))
    tags: set[str] = set()
    for item in paths.values():
        for operation in item.values():
            tags.update(operation.get("tags", []))
            if not str(operation.get("description", "")).strip():
                operation["description"] = _describe(operation)
            for status, response in operation.get("responses", {}).items():
                if str(status)[:1] in {"2", "3"}:
                    response.setdefault("headers", {})[API_VERSION_HEADER] = version_header(version)
    descriptions = {**TAG_DESCRIPTIONS, "Documentatie": "Het OpenAPI-document zelf."}
    document["tags"] = [
        {"name": tag, "description": descriptions.get(tag, f"Endpoints voor {tag.lower()}.")}
        for tag in sorted(tags)
    ]
    info = document.setdefault("info", {})
    info.setdefault("contact", dict(CONTACT))
    schemas = document.get("components", {}).get("schemas")
    if schemas:
        keep = _referenced_schemas(document)
        document["components"]["schemas"] = {name: schemas[name] for name in sorted(schemas) if name in keep}
        renamed = _rename_schemas(document)
        if renamed is not document:
            document["paths"] = renamed["paths"]
            document["components"] = renamed["components"]
