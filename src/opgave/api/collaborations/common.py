"""Shared plumbing of the collaboration endpoints: error mapping, who is asking, look-ups."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest

from opgave.api.auth import context_of, scoped
from opgave.api.problems import (
    CONFLICT,
    FORBIDDEN,
    NOT_FOUND,
    PRECONDITION_FAILED,
    VALIDATION,
    ProblemError,
    ProblemType,
)
from opgave.collaborations import errors, selectors, services
from opgave.collaborations.models import Collaboration, Programme
from opgave.core.models import Organisation
from opgave.core.services.audit import origin_of

READ = scoped("collaborations:read")
WRITE = scoped("collaborations:write")
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


def principal(request: HttpRequest) -> Any:
    context = context_of(request)
    return context.person or context.token


def actor(request: HttpRequest) -> services.Actor:
    context = context_of(request)
    return services.Actor(
        person=context.person or context.token,
        token=context.token,
        origin=origin_of(request),
        organisation=context.organisation,
    )


def organisations_by_id(ids: list[uuid.UUID], field: str) -> list[Organisation]:
    found = list(Organisation.objects.filter(uuid__in=ids))
    if len(found) != len(set(ids)):
        raise errors.Invalid(
            "Niet alle organisaties bestaan.", [{"field": field, "message": "Onbekende organisatie."}]
        )
    return found


def programme_by_id(programme_id: uuid.UUID | None) -> Programme | None:
    if programme_id is None:
        return None
    found = Programme.objects.filter(uuid=programme_id).first()
    if found is None:
        raise errors.Invalid(
            "Dit programma bestaat niet.", [{"field": "programme", "message": "Onbekend programma."}]
        )
    return found


def collaboration_of(request: HttpRequest, collaboration_id: uuid.UUID) -> Collaboration:
    return selectors.collaboration(principal(request), collaboration_id)
