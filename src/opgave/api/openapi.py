"""The OpenAPI 3.1 document: Ninja's generator plus the conventions it cannot see.

Ninja (1.x) already emits ``openapi: 3.1.0`` with JSON Schema 2020-12 component
schemas. :class:`OpgaveOpenAPISchema` adds, per operation:

* the problem+json responses every endpoint can give (``Problem`` schema);
* the headers of the conventions: ``If-Match`` (required on PATCH/PUT/DELETE),
  ``Idempotency-Key`` (POSTs decorated with ``@idempotent``), ``X-Processing-Purpose``;
* the token scope in the security requirement (``TokenAuth: ["organisations:read"]``),
  which OpenAPI 3.1 allows for non-OAuth schemes;
* ``ETag``/``Location``/``Link`` response headers.
"""

from __future__ import annotations

from typing import Any

from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from opgave.api.auth import PURPOSE_HEADER, SessionAuth, TokenAuth
from opgave.api.design_rules import conform
from opgave.api.idempotency import HEADER as IDEMPOTENCY_HEADER
from opgave.core import scopes

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

PROBLEM_SCHEMAS: dict[str, Any] = {
    "Problem": {
        "title": "Problem",
        "description": "Foutmelding volgens RFC 9457 (application/problem+json).",
        "type": "object",
        "required": ["type", "title", "status", "detail"],
        "properties": {
            "type": {"type": "string", "format": "uri", "description": "Soort probleem (URI)."},
            "title": {"type": "string", "description": "Korte Nederlandse omschrijving van de soort."},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "detail": {"type": "string", "description": "Uitleg over dit geval, in het Nederlands."},
            "instance": {"type": "string", "description": "Het pad van het verzoek."},
            "errors": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/ProblemFieldError"},
                "description": "Fouten per veld (bij validatie).",
            },
        },
    },
    "ProblemFieldError": {
        "title": "ProblemFieldError",
        "type": "object",
        "required": ["field", "message"],
        "properties": {
            "field": {"type": "string", "description": "Het veld, als pad met punten (bijv. 'scopes.0')."},
            "message": {"type": "string", "description": "Wat er mis is, in het Nederlands."},
        },
    },
}

_DESCRIPTIONS = {
    400: "Ongeldig verzoek (bijv. ongeldige JSON of cursor).",
    401: "Niet aangemeld, of het token is onbekend, verlopen of ingetrokken.",
    403: "Geen toegang (rol, scope of CSRF).",
    404: "Niet gevonden.",
    405: "Methode niet toegestaan.",
    406: "Antwoordformaat niet ondersteund.",
    409: "Conflict met de huidige gegevens.",
    412: "De ETag in If-Match is verouderd.",
    413: "Het verzoek is te groot.",
    415: "Inhoudsformaat niet ondersteund (stuur application/json).",
    422: "De invoer is niet geldig (zie 'errors').",
    428: "If-Match ontbreekt.",
    429: "Te veel verzoeken.",
    500: "Onverwachte fout.",
}

_ETAG_HEADER = {
    "ETag": {"description": "Versie van de bron; stuur mee in If-Match.", "schema": {"type": "string"}}
}


def _header(name: str, description: str, *, required: bool = False, **schema: Any) -> dict[str, Any]:
    return {
        "in": "header",
        "name": name,
        "required": required,
        "description": description,
        "schema": {"type": "string", **schema},
    }


class OpgaveOpenAPISchema(OpenAPISchema):
    def __init__(self, api: Any, path_prefix: str) -> None:
        super().__init__(api, path_prefix)
        self["jsonSchemaDialect"] = "https://spec.openapis.org/oas/3.1/dialect/base"
        conform(self, root=path_prefix, version=api.version)

    def operation_details(self, operation: Operation) -> dict[str, Any]:
        result = super().operation_details(operation)
        methods = {method.upper() for method in operation.methods}
        is_public = not operation.auth_callbacks
        parameters: list[dict[str, Any]] = result.setdefault("parameters", [])
        statuses = {400, 404, 405, 406, 413, 500}
        if not is_public:
            statuses |= {401, 403, 429}
            parameters.append(
                _header(
                    PURPOSE_HEADER,
                    "Verwerkingsdoel: code van een activiteit uit het register van verwerkingsactiviteiten.",
                    maxLength=80,
                    pattern="^[-a-zA-Z0-9_]+$",
                )
            )
        if "requestBody" in result:
            statuses |= {415, 422}
        if methods & {"POST", "PUT", "PATCH", "DELETE"}:
            statuses.add(415)  # a form body (multipart, urlencoded) is refused before anything reads it
        if any(p.get("in") in {"query", "path"} for p in parameters):
            statuses.add(422)
        if methods & {"PATCH", "PUT", "DELETE"}:
            statuses |= {412, 428}
            parameters.append(_header("If-Match", "De ETag uit de laatste GET van deze bron.", required=True))
        if "POST" in methods and getattr(operation.view_func, "__opgave_idempotent__", False):
            statuses |= {409, 422}
            parameters.append(
                _header(
                    IDEMPOTENCY_HEADER,
                    "Unieke sleutel (bijv. een UUID): een herhaald verzoek met dezelfde sleutel maakt niets dubbel.",
                    minLength=1,
                    maxLength=255,
                    pattern="^[!-~]+$",
                )
            )
        if "POST" in methods or methods & {"PATCH", "PUT", "DELETE"}:
            statuses.add(409)
        responses: dict[Any, Any] = result["responses"]
        for status in sorted(statuses):
            responses.setdefault(
                status,
                {
                    "description": _DESCRIPTIONS[status],
                    "content": {"application/problem+json": {"schema": PROBLEM_REF}},
                },
            )
        for status, response in responses.items():
            code = int(status)
            if code == 201:
                response["headers"] = {
                    **_ETAG_HEADER,
                    "Location": {"description": "Adres van de nieuwe bron.", "schema": {"type": "string"}},
                }
            elif code == 200 and methods & {"GET", "PATCH", "PUT"} and "Page" not in str(response):
                response["headers"] = dict(_ETAG_HEADER)
        self.schemas.update(PROBLEM_SCHEMAS)
        result["security"] = self._security(operation)
        if not result["security"]:
            del result["security"]
        return result

    def _security(self, operation: Operation) -> list[dict[str, list[str]]]:
        security: list[dict[str, list[str]]] = []
        for auth in operation.auth_callbacks:
            if isinstance(auth, TokenAuth):
                security.append({"TokenAuth": [auth.scope] if auth.scope else []})
                self.securitySchemes["TokenAuth"] = {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "API-token van een organisatie: 'Authorization: Bearer opg_…'. "
                    "Elke operatie noemt de scope die het token nodig heeft. Scopes: "
                    + "; ".join(f"`{name}`: {text}" for name, text in sorted(scopes.SCOPES.items())),
                    "x-scopes": dict(sorted(scopes.SCOPES.items())),
                }
            elif isinstance(auth, SessionAuth):
                security.append({"SessionAuth": []})
                self.securitySchemes["SessionAuth"] = {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": auth.param_name,
                    "description": "Sessiecookie van de browser; POST/PATCH/DELETE vereisen X-CSRFToken.",
                }
        return security
