"""Every 401 and 403 of the API goes into the security audit log.

A 401 (no or bad credentials: anyone on the internet can cause one) is recorded as an
*aggregated* denial — the first per IP address and window is an audit record, the rest only
raise its counter (:func:`opgave.core.services.audit.record_denial`) — and counts towards the
per-IP limit on unauthenticated requests (:mod:`opgave.api.throttling`).

Denials decided by a core service (``PermissionDenied`` from ``opgave.core.services``)
are recorded by that service itself; this module records the ones the API layer
decides: missing or bad credentials, a token without the scope, a failed CSRF check,
and the access checks in ``opgave.api.platform.access`` and the pillars' API modules.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from opgave.api import throttling
from opgave.core.services import audit

ACTION = "api.denied"


def record_denial(request: HttpRequest, status: int, reason: str) -> None:
    context = getattr(request, "auth_context", None)
    actor = None
    organisation = None
    if context is not None:
        actor = context.token or context.person
        organisation = context.organisation
    elif getattr(request, "user", None) is not None and request.user.is_authenticated:
        actor = request.user
    if status == 401:
        throttling.count_unauthenticated(request)
        audit.record_denial(
            actor=actor,
            action=ACTION,
            organisation=organisation,
            origin=audit.origin_of(request),
            detail={"status": status, "reason": reason[:300]},
        )
        return
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=ACTION,
            result=audit.DENIED,
            organisation=organisation,
            origin=audit.origin_of(request),
            detail={
                "method": request.method,
                "path": request.path[:300],
                "status": status,
                "reason": reason[:300],
            },
        )
