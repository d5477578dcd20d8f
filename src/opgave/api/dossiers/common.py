"""Shared plumbing of the dossier endpoints: the actor, error mapping, look-ups."""

from __future__ import annotations

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
from opgave.core.actors import Actor
from opgave.core.services.audit import origin_of
from opgave.dossiers import errors

READ = scoped("dossiers:read")
WRITE = scoped("dossiers:write")
_KINDS: dict[type[errors.DossierError], ProblemType] = {
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
        except errors.DossierError as exc:
            kind = _KINDS.get(type(exc), VALIDATION)
            raise ProblemError(kind, exc.detail, exc.errors or None) from exc

    return wrapper


def actor(request: HttpRequest) -> Actor:
    context = context_of(request)
    if context.token is not None:
        return Actor.for_token(context.token, origin=origin_of(request))
    return Actor.for_person(context.person, organisation=context.organisation, origin=origin_of(request))
