"""Shared plumbing of the rules endpoints: who is asking (also anonymously), error mapping.

**Anonymous callers.** Public rule sets are meant for everybody — also a citizen's app or a
municipality's website without an account — so reading and evaluating them needs no login:
:class:`Anonymous` is tried after a token and a session. A malformed, revoked or expired token
is still 401, and a token without the scope 403. Anonymous callers fall under the API's rate
limit per IP address (``OPGAVE_API_RATE_LIMIT``); a rule set for the own organisation stays
invisible (404) to them as to every other outsider.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest

from opgave.api.auth import AuthContext, scoped
from opgave.api.problems import (
    CONFLICT,
    FORBIDDEN,
    NOT_FOUND,
    PAYLOAD_TOO_LARGE,
    VALIDATION,
    ProblemError,
    ProblemType,
)
from opgave.core.actors import Actor
from opgave.core.exceptions import RevisionConflict, RevisionRequired
from opgave.core.services.audit import origin_of
from opgave.rules import errors


class Anonymous:
    """The last auth callback: lets a request without credentials through as anonymous."""

    def __call__(self, request: HttpRequest) -> str | None:
        if request.headers.get("Authorization"):
            return None  # the token auth decided already
        return "anoniem"


READ = [*scoped("rules:read"), Anonymous()]
EVALUATE = [*scoped("rules:evaluate"), Anonymous()]
WRITE = scoped("rules:write")

_KINDS: dict[type[errors.RulesError], ProblemType] = {
    errors.NotFound: NOT_FOUND,
    errors.Forbidden: FORBIDDEN,
    errors.Invalid: VALIDATION,
    errors.Conflict: CONFLICT,
    errors.TooLarge: PAYLOAD_TOO_LARGE,
}


def domain(view: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the domain's errors into problem+json."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except (RevisionConflict, RevisionRequired):
            raise  # 412/428 with the current ETag: the API's own handler (opgave.api.problems)
        except errors.RulesError as exc:
            if getattr(exc, "audited", False):
                raise  # the service recorded the refusal: the API's handler answers, and records no more
            raise ProblemError(_KINDS.get(type(exc), VALIDATION), exc.detail, exc.errors or None) from exc

    return wrapper


def actor(request: HttpRequest) -> Actor:
    """The :class:`Actor` of an API request: the token, the signed-in person, or anonymous."""
    context = getattr(request, "auth_context", None)
    origin = origin_of(request)
    if isinstance(context, AuthContext):
        if context.token is not None:
            return Actor.for_token(context.token, origin=origin)
        return Actor.for_person(context.person, organisation=context.organisation, origin=origin)
    return Actor(origin=origin)
