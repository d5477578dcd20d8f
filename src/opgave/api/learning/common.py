"""Shared plumbing of the learning endpoints: who is asking (one Actor), error mapping, look-ups."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse

from opgave.api.auth import context_of, scoped
from opgave.api.conditional import with_etag
from opgave.api.problems import (
    CONFLICT,
    FORBIDDEN,
    NOT_FOUND,
    PRECONDITION_FAILED,
    VALIDATION,
    ProblemError,
    ProblemType,
)
from opgave.api.responses import json_response
from opgave.collaborations import errors
from opgave.core.actors import Actor
from opgave.core.models import Organisation
from opgave.core.services.audit import origin_of
from opgave.learning import selectors

READ = scoped("learning:read")
WRITE = scoped("learning:write")
_KINDS: dict[type[errors.CollaborationError], ProblemType] = {
    errors.NotFound: NOT_FOUND,
    errors.Forbidden: FORBIDDEN,
    errors.Invalid: VALIDATION,
    errors.Conflict: CONFLICT,
    errors.PreconditionFailed: PRECONDITION_FAILED,
}


def domain(view: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the domain's errors into problem+json."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except errors.CollaborationError as exc:
            kind = _KINDS.get(type(exc), VALIDATION)
            raise ProblemError(kind, exc.detail, exc.errors or None) from exc

    return wrapper


def actor(request: HttpRequest) -> Actor:
    """The caller as one :class:`Actor`: the token (for its organisation) or the person."""
    context = context_of(request)
    if context.token is not None:
        return Actor.for_token(context.token, origin=origin_of(request))
    return Actor.for_person(context.person, organisation=context.organisation, origin=origin_of(request))


def organisation(value: uuid.UUID | None, field: str) -> Organisation | None:
    return None if value is None else selectors.organisation(value, field)


def required_organisation(value: uuid.UUID, field: str) -> Organisation:
    return selectors.organisation(value, field)


def created(data: Any, obj: Any = None) -> HttpResponse:
    """201 with the resource, and its ETag when the resource is versioned."""
    response = json_response(data, status=201)
    return with_etag(response, obj) if obj is not None else response
