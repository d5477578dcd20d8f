"""Building single-resource responses by hand (needed for ``@idempotent`` POSTs).

Ninja serialises return values itself; a view that must return an ``HttpResponse``
(every POST, because :mod:`opgave.api.idempotency` stores the exact response) uses
:func:`created`, which renders the schema object exactly as Ninja would and adds
``Location`` and ``ETag``.
"""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Schema

from opgave.api.conditional import Versioned, etag

JSON = "application/json; charset=utf-8"


def json_response(data: Schema, *, status: int = 200) -> HttpResponse:
    return HttpResponse(data.model_dump_json(), status=status, content_type=JSON)


def created(data: Schema, *, obj: Versioned, location: str) -> HttpResponse:
    """201 Created with the resource, its ``Location`` and its ``ETag``."""
    response = json_response(data, status=201)
    response["Location"] = location
    response["ETag"] = etag(obj)
    return response
