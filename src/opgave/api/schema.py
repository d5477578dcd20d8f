"""The committed OpenAPI document (``openapi.json``): one function, deterministic output.

``opgave openapi --output openapi.json`` and ``opgave openapi --check openapi.json``
(CORE's CLI) call :func:`export_schema` and write/compare :func:`render`'s text: keys
sorted, two-space indent, UTF-8, trailing newline — so the same code always gives the
same bytes, and ``make test`` fails when the committed file is stale. (``render`` gives
the same text as ``json.dumps(api.get_openapi_schema(), indent=2, sort_keys=True,
ensure_ascii=False) + "\n"``: every post-processing step lives in
:class:`opgave.api.openapi.OpgaveOpenAPISchema`, so both routes agree.)
"""

from __future__ import annotations

import json
from typing import Any

API_PREFIX = "/api/v1/"


def export_schema() -> dict[str, Any]:
    """The OpenAPI 3.1 document of ``/api/v1/`` as a plain, JSON-serialisable dict."""
    from opgave.api.router import api

    document = api.get_openapi_schema(path_prefix=API_PREFIX)
    plain: dict[str, Any] = json.loads(json.dumps(document, sort_keys=True))
    return plain


def render(document: dict[str, Any] | None = None) -> str:
    """The exact text of ``openapi.json``."""
    return (
        json.dumps(
            export_schema() if document is None else document, indent=2, sort_keys=True, ensure_ascii=False
        )
        + "\n"
    )
