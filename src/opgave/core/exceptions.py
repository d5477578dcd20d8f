"""Errors the core services raise; the API and web layers map them to responses.

``PermissionDenied`` and ``ValidationError`` are Django's own, so views and the
API's problem+json handler treat them like any other Django error.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["PermissionDenied", "RevisionConflict", "ValidationError"]


class RevisionConflict(Exception):
    """The object changed since the caller read it (its ``revision`` moved on)."""

    def __init__(self, current_revision: int) -> None:
        super().__init__(f"Het object is intussen gewijzigd (huidige versie {current_revision}).")
        self.current_revision = current_revision
