"""Authentication for the API: browser sessions and per-organisation API tokens.

Deny by default: the NinjaAPI's default ``auth`` is :func:`scoped` without a scope, so
every endpoint needs a session or a valid token unless it says ``auth=None`` (public).
An endpoint that a token may use names the scope it needs::

    @router.get("/organisations", auth=scoped("organisations:read"))

Two ways in, tried in this order:

1. ``Authorization: Bearer <token>`` — an API token of one organisation (hashed at rest,
   scoped, expiring, revocable; see :mod:`opgave.core.services.tokens`; scopes are
   registered in :mod:`opgave.core.scopes`, ``x:write`` includes ``x:read``). A malformed,
   unknown, expired or revoked token is 401 — even when a session cookie is present as
   well. A token without the endpoint's scope is 403.
2. The Django session cookie (the browser). Unsafe methods (POST, PUT, PATCH, DELETE)
   need the CSRF token in ``X-CSRFToken``, exactly like Django forms; failing that is 403.

Every authenticated request carries ``request.auth_context`` (:class:`AuthContext`):
the person (``None`` for a token), the organisation it acts for (the token's, or the
session's active organisation from the organisation switcher), the token (if any) and
the processing purpose.

**Purpose.** Where personal data is processed, the client states why in the header
``X-Processing-Purpose: <code>``, the code of an activity in the register of processing
activities (:class:`opgave.core.models.ProcessingActivity`). An unknown code is 400. An
endpoint that processes personal data of data subjects calls :func:`require_purpose`
(400 when the header is absent) and passes ``auth_context.purpose`` to
``opgave.core.services.logs.log_processing``.

Every 401 and 403 is written to the security audit log (see :mod:`opgave.api.denials`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from opgave.api.problems import BAD_REQUEST, BadRequest, Forbidden, ProblemError, Unauthenticated
from opgave.core import scopes, selectors
from opgave.core.actors import Actor
from opgave.core.models import ApiToken, Organisation, Person
from opgave.core.services.audit import origin_of

PURPOSE_HEADER = "X-Processing-Purpose"
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")


@dataclass(frozen=True)
class AuthContext:
    """Who is asking, for which organisation, with which token, and why."""

    person: Person | None
    organisation: Organisation | None
    token: ApiToken | None
    purpose: str | None = None

    @property
    def via(self) -> str:
        return "token" if self.token is not None else "session"

    @property
    def actor_key(self) -> str:
        """A stable identifier of the caller (used to scope idempotency keys)."""
        if self.token is not None:
            return f"token:{self.token.pk}"
        assert self.person is not None
        return f"person:{self.person.pk}"

    @property
    def label(self) -> str:
        if self.token is not None:
            return f"token {self.token.prefix}"
        return self.person.get_username() if self.person is not None else "anoniem"

    def has_scope(self, scope: str) -> bool:
        """Sessions are not limited by scopes; a token is limited to its own."""
        return self.token is None or scopes.grants(list(self.token.scopes or []), scope)


def _purpose(request: HttpRequest) -> str | None:
    raw = request.headers.get(PURPOSE_HEADER)
    if raw is None:
        return None
    code = raw.strip()
    if not _SLUG.fullmatch(code) or not selectors.processing_activity_known(code):
        raise BadRequest(
            f"Het verwerkingsdoel in {PURPOSE_HEADER} is onbekend. Gebruik de code van een "
            "activiteit uit het register van verwerkingsactiviteiten.",
            errors=[{"field": PURPOSE_HEADER, "message": "Onbekend verwerkingsdoel."}],
        )
    return code


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>``; ``scope`` is the scope the endpoint needs (or None)."""

    def __init__(self, scope: str | None = None) -> None:
        if scope is not None and scope not in scopes.SCOPES:
            raise ValueError(f"Unknown scope {scope!r}: register it with opgave.core.scopes.register first.")
        self.scope = scope
        super().__init__()

    def __call__(self, request: HttpRequest) -> AuthContext | None:
        header = request.headers.get("Authorization")
        if header is None:
            return None
        scheme, _, credentials = header.strip().partition(" ")
        if scheme.lower() != "bearer" or not credentials.strip():
            raise Unauthenticated("Gebruik de kop 'Authorization: Bearer <token>'.")
        return self.authenticate(request, credentials.strip())

    def authenticate(self, request: HttpRequest, token: str) -> AuthContext | None:
        from opgave.core.services.tokens import authenticate_token

        api_token = authenticate_token(token, origin=origin_of(request))
        if api_token is None:
            raise Unauthenticated("Het API-token is onbekend, verlopen of ingetrokken.")
        context = AuthContext(person=None, organisation=api_token.organisation, token=api_token)
        request.auth_context = context  # type: ignore[attr-defined]
        if self.scope is not None and not context.has_scope(self.scope):
            raise Forbidden(f"Dit API-token heeft niet de scope '{self.scope}' die hiervoor nodig is.")
        context = AuthContext(
            person=None, organisation=api_token.organisation, token=api_token, purpose=_purpose(request)
        )
        request.auth_context = context  # type: ignore[attr-defined]
        return context


class SessionAuth(APIKeyCookie):
    """The Django session of a logged-in person (browser), with CSRF on unsafe methods."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        return request.COOKIES.get(self.param_name)

    def __call__(self, request: HttpRequest) -> AuthContext | None:
        return self.authenticate(request, self._get_key(request))

    def authenticate(self, request: HttpRequest, key: str | None) -> AuthContext | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        context = AuthContext(person=user, organisation=getattr(request, "organisation", None), token=None)
        request.auth_context = context  # type: ignore[attr-defined]
        unsafe = request.method not in _SAFE_METHODS and not getattr(request, "_ninja_csrf_exempt", False)
        if unsafe and check_csrf(request) is not None:
            raise Forbidden(
                "De CSRF-controle is mislukt. Stuur de waarde van de cookie 'csrftoken' mee in de kop X-CSRFToken."
            )
        context = AuthContext(
            person=user, organisation=context.organisation, token=None, purpose=_purpose(request)
        )
        request.auth_context = context  # type: ignore[attr-defined]
        return context


def scoped(scope: str | None = None) -> list[Any]:
    """The ``auth=`` value for an endpoint: a token with ``scope``, or a session."""
    return [TokenAuth(scope), SessionAuth()]


def context_of(request: HttpRequest) -> AuthContext:
    """The :class:`AuthContext` of an authenticated request (set by the auth classes)."""
    context = getattr(request, "auth_context", None)
    if not isinstance(context, AuthContext):
        raise Unauthenticated()
    return context


def actor_of(request: HttpRequest) -> Actor:
    """The :class:`~opgave.core.actors.Actor` of an authenticated request: what every service takes."""
    context = context_of(request)
    if context.token is not None:
        return Actor.for_token(context.token, origin=origin_of(request))
    return Actor.for_person(context.person, organisation=context.organisation, origin=origin_of(request))


def require_purpose(request: HttpRequest) -> str:
    """For endpoints that process personal data: the stated purpose, or 400."""
    purpose = context_of(request).purpose
    if purpose is None:
        raise ProblemError(
            BAD_REQUEST,
            f"Geef met de kop {PURPOSE_HEADER} aan voor welk verwerkingsdoel je deze gegevens verwerkt.",
            errors=[{"field": PURPOSE_HEADER, "message": "Dit veld is verplicht."}],
        )
    return purpose
