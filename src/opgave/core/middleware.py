"""Request middleware: trace context, security headers, idle timeout, active organisation (and the
second factor an administrator's session must have)."""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable

import structlog
from django.conf import settings
from django.contrib.auth import logout
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from opgave.core import permissions
from opgave.core.auth import totp
from opgave.core.logging import CURRENT_REQUEST
from opgave.core.models import Membership, Person

Handler = Callable[[HttpRequest], HttpResponse]

_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")


class TraceContextMiddleware:
    """Accept or start a W3C ``traceparent``; every request gets its own span id.

    ``request.trace_id``, ``request.span_id`` and ``request.parent_span_id`` are
    used by the processing log; the response carries the new ``traceparent``.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        match = _TRACEPARENT.match(request.headers.get("traceparent", "").strip().lower())
        if match and match.group(1) != "0" * 32 and match.group(2) != "0" * 16:
            request.trace_id, request.parent_span_id, flags = match.group(1), match.group(2), match.group(3)  # type: ignore[attr-defined]
        else:
            request.trace_id, request.parent_span_id, flags = secrets.token_hex(16), "", "01"  # type: ignore[attr-defined]
        request.span_id = secrets.token_hex(8)  # type: ignore[attr-defined]
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(
            trace_id=request.trace_id,  # type: ignore[attr-defined]
            span_id=request.span_id,  # type: ignore[attr-defined]
            request_id=request.span_id,  # type: ignore[attr-defined]
        )
        token = CURRENT_REQUEST.set(request)
        try:
            response = self.get_response(request)
        finally:
            CURRENT_REQUEST.reset(token)
        response["traceparent"] = f"00-{request.trace_id}-{request.span_id}-{flags}"  # type: ignore[attr-defined]
        return response


class SecurityHeadersMiddleware:
    """Content-Security-Policy and friends on every response; no-store on the API and on every HTML
    page served to a logged-in person (private data must not stay in a browser or proxy cache)."""

    CSP = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'self'; "
        "frame-ancestors 'none'; object-src 'none'"
    )

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # The same policy everywhere, the interactive API docs included (Ninja serves them without inline code).
        response.setdefault("Content-Security-Policy", self.CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.path.startswith("/api/"):
            response["Cache-Control"] = "no-store"
        elif _private_page(request, response):
            # A page made for a logged-in person: never in a shared or back-button cache.
            response["Cache-Control"] = "no-store, private"
        return response


def _private_page(request: HttpRequest, response: HttpResponse) -> bool:
    user = getattr(request, "user", None)
    return (
        user is not None
        and bool(getattr(user, "is_authenticated", False))
        and response.get("Content-Type", "").startswith("text/html")
    )


class InactivityTimeoutMiddleware:
    """End a browser session after ``SESSION_INACTIVITY_TIMEOUT`` seconds without a request.

    The session is flushed server-side (``logout``), the event is audited, and
    the next login page says "Je sessie is verlopen" (session key ``login_notice``).
    """

    KEY = "last_activity"
    NOTICE = "login_notice"
    #: The last activity is stored at most once per this many seconds (or a tenth of the
    #: timeout, if shorter): the timeout is exact to within that, and most requests leave
    #: the session row alone instead of writing it.
    TOUCH_SECONDS = 60

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and hasattr(request, "session"):
            now = int(time.time())
            last = request.session.get(self.KEY)
            timeout = int(settings.SESSION_INACTIVITY_TIMEOUT)
            if last is not None and now - int(last) > timeout:
                _end_session(request, reason="inactivity", notice="expired")
                request.session_expired = True  # type: ignore[attr-defined]
            elif last is None or now - int(last) >= min(self.TOUCH_SECONDS, timeout // 10):
                # Not on every request: a changed session is a database write per request.
                request.session[self.KEY] = now
        return self.get_response(request)


def _second_factor_overdue(request: HttpRequest, memberships: list[Membership]) -> bool:
    """A session without a second factor whose person now must use one and is past the grace period.

    Asked on every request, not only at login: the grace period can end, or a member can become an
    administrator, in the middle of a session. Costs no query unless the session is unverified and
    the person manages members or tokens (the memberships are already loaded).
    """
    user = request.user
    if not settings.REQUIRE_ADMIN_TOTP or not isinstance(user, Person) or user.is_verified():  # type: ignore[attr-defined]
        return False
    manages = user.is_staff or user.is_superuser or any(m.role == Membership.Role.ADMIN for m in memberships)
    # Someone made an administrator mid-session has no grace period yet: the next login starts it.
    return manages and not totp.in_grace(user)


def _end_session(request: HttpRequest, *, reason: str, notice: str) -> None:
    """Log out (audited) and leave a notice for the login page; the request goes on anonymously."""
    from opgave.core.services import audit

    with transaction.atomic():
        audit.record(
            actor=request.user,
            action="logout",
            result=audit.SUCCESS,
            origin=audit.origin_of(request),
            detail={"reason": reason},
        )
    logout(request)
    request.session[InactivityTimeoutMiddleware.NOTICE] = notice


class ActiveOrganisationMiddleware:
    """``request.organisation``: the organisation the person acts for (chosen in the switcher).

    Also sets ``request.memberships`` (all of the person's memberships, with
    organisations) for the switcher, and ``request.membership`` (the active one).
    """

    KEY = "active_organisation"

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.organisation = None  # type: ignore[attr-defined]
        request.membership = None  # type: ignore[attr-defined]
        request.memberships = []  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            memberships = list(request.user.memberships.select_related("organisation"))
            if _second_factor_overdue(request, memberships):
                _end_session(request, reason="second_factor_overdue", notice="second_factor")
                with permissions.remembering_roles():
                    return self.get_response(request)
            chosen = request.session.get(self.KEY)
            active = next((m for m in memberships if m.organisation_id == chosen), None) if chosen else None
            active = active or (memberships[0] if memberships else None)
            request.memberships = memberships  # type: ignore[attr-defined]
            if active is not None:
                request.organisation = active.organisation  # type: ignore[attr-defined]
                request.membership = active  # type: ignore[attr-defined]
            with permissions.remembering_roles(memberships):
                return self.get_response(request)
        with permissions.remembering_roles():
            return self.get_response(request)
