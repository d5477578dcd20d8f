"""Every 401 and 403 of the API goes into the security audit log.

Denials decided by a core service (``PermissionDenied`` from ``opgave.core.services``)
are recorded by that service itself; this module records the ones the API layer
decides: missing or bad credentials, a token without the scope, a failed CSRF check,
and the access checks in ``opgave.api.platform.access`` and the pillars' API modules.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

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
