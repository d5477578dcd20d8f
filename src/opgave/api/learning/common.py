"""Shared plumbing of the learning endpoints: scopes, who is asking, look-ups, 201 responses.

Errors need no mapping here: the services raise the core vocabulary
(:mod:`opgave.core.exceptions`) and :mod:`opgave.api.problems` turns it into problem+json.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from pydantic import BaseModel

from opgave.api.auth import actor_of, scoped
from opgave.api.conditional import if_match, with_etag
from opgave.api.responses import json_response
from opgave.core.actors import Actor
from opgave.core.models import Organisation
from opgave.learning import selectors

T = TypeVar("T")

READ = scoped("learning:read")
WRITE = scoped("learning:write")


def actor(request: HttpRequest) -> Actor:
    """The caller as one :class:`Actor`: the token (for its organisation) or the person."""
    return actor_of(request)


def organisation(value: uuid.UUID | None, field: str) -> Organisation | None:
    return None if value is None else selectors.organisation(value, field)


def required_organisation(value: uuid.UUID, field: str) -> Organisation:
    return selectors.organisation(value, field)


def created(data: Any, obj: Any = None) -> HttpResponse:
    """201 with the resource, and its ETag when the resource is versioned."""
    response = json_response(data, status=201)
    return with_etag(response, obj) if obj is not None else response


def shown(response: HttpResponse, obj: Any, build: Callable[[Any], T]) -> T:
    """One versioned resource as read: its ETag on the response, the body built from it."""
    with_etag(response, obj)
    return build(obj)


def changed(
    request: HttpRequest,
    response: HttpResponse,
    obj: Any,
    change: Callable[[int | None], Any],
    build: Callable[[Any], T],
) -> T:
    """Change a versioned resource under ``If-Match``: ``change(expected_revision)`` calls the
    service (which decides and checks the revision); the answer carries the new ETag."""
    return shown(response, change(if_match(request, obj)), build)


def given_fields(payload: BaseModel, *, nullable: tuple[str, ...] = ()) -> dict[str, Any]:
    """The fields a PATCH body sets; ``null`` means "leave as is" except for ``nullable`` ones."""
    return {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None or k in nullable}
