"""The dossier app's names for the platform's one error vocabulary (:mod:`opgave.core.exceptions`).

``Forbidden`` is the core ``PermissionDenied``; the dossier services audit every refusal
themselves (``audited = True``), so the API does not record it twice.
"""

from __future__ import annotations

from opgave.core.exceptions import (
    Conflict,
    Invalid,
    NotFound,
    RevisionConflict,
    RevisionRequired,
    ServiceError,
)
from opgave.core.exceptions import PermissionDenied as Forbidden

DossierError = ServiceError
PreconditionFailed = RevisionConflict

__all__ = [
    "Conflict",
    "DossierError",
    "Forbidden",
    "Invalid",
    "NotFound",
    "PreconditionFailed",
    "RevisionRequired",
    "invalid",
]


def invalid(field: str, message: str) -> Invalid:
    return Invalid(message, [{"field": field, "message": message}])
