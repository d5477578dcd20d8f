"""The one error vocabulary of every service (core and every pillar).

A service raises one of these; the API maps each to its problem+json status, the web
views to their 403/404 page or a message next to the form. Every error carries a Dutch
``detail`` (it reaches the user) and, where fields are at fault, ``errors``: a list of
``{"field": ..., "message": ...}``.

=====================  ======  ==========================================================
error                  status  meaning
=====================  ======  ==========================================================
``NotFound``           404     the object does not exist (or is not visible to the actor)
``PermissionDenied``   403     the actor may not do this (the service audited the refusal)
``ValidationError``    422     Django's own (``full_clean``, ``{"field": "message"}``)
``Invalid``            422     a :class:`ValidationError` with a detail and field errors
``Conflict``           409     the object's state does not allow this now
``TooLarge``           413     an upload or input beyond the limits
``RevisionConflict``   412     the object changed since the caller read it
``RevisionRequired``   428     the caller did not say which revision it read
=====================  ======  ==========================================================

**Expected revisions.** Every service that changes a shared, versioned object takes
``expected_revision`` keyword-only. ``None`` always means *the caller did not say*, and
the service refuses with :class:`RevisionRequired` (after its permission check, so an
outsider learns nothing). Callers that act on the state they just read (CLI, demo loader,
Django admin) pass the revision they read.

``PermissionDenied`` and ``Invalid`` are subclasses of Django's ``PermissionDenied`` and
``ValidationError``, so Django's own handling (403 page, form errors) applies to them too.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError

__all__ = [
    "Conflict",
    "Invalid",
    "NotFound",
    "PermissionDenied",
    "RevisionConflict",
    "RevisionRequired",
    "ServiceError",
    "TooLarge",
    "ValidationError",
    "check_revision",
]


class ServiceError(Exception):
    """A refusal of a service, with a Dutch ``detail`` and optional field ``errors``."""

    status: ClassVar[int] = 400
    default_detail: ClassVar[str] = "Dit verzoek kan niet worden uitgevoerd."

    def __init__(self, detail: str | None = None, errors: list[dict[str, str]] | None = None) -> None:
        self.detail = detail or self.default_detail
        self.errors: list[dict[str, str]] = list(errors or [])
        super().__init__(self.detail)


class NotFound(ServiceError):
    status = 404
    default_detail = "Het gevraagde bestaat niet of is niet zichtbaar voor jou."


class PermissionDenied(ServiceError, DjangoPermissionDenied):
    """Refused. ``audited`` is true when the service already wrote the denial to the audit log
    (see :func:`opgave.core.services.audit.refuse`); the API then does not record it again."""

    status = 403
    default_detail = "Je hebt geen toestemming voor deze handeling."
    audited = False


class Invalid(ServiceError, ValidationError):
    """Invalid input: a detail for the whole and the fields at fault."""

    status = 422
    default_detail = "Niet alle velden zijn goed ingevuld."


class Conflict(ServiceError):
    status = 409
    default_detail = "Dit botst met de huidige toestand."


class TooLarge(ServiceError):
    status = 413
    default_detail = "Dit is te groot om te verwerken."


class RevisionConflict(ServiceError):
    """The object changed since the caller read it (its ``revision`` moved on)."""

    status = 412

    def __init__(self, current_revision: int, detail: str | None = None, *, obj: Any = None) -> None:
        self.current_revision = current_revision
        self.obj = obj  # the object as it is now (the API answers with its current ETag)
        super().__init__(
            detail
            or f"Iemand anders heeft dit intussen gewijzigd (de huidige versie is {current_revision}). "
            "Laad het opnieuw en breng je wijziging daarna opnieuw aan."
        )


class RevisionRequired(ServiceError):
    """The caller did not say which revision it read (``expected_revision=None``)."""

    status = 428
    default_detail = (
        "Geef mee welke versie je hebt bewerkt (If-Match), zodat een wijziging van een ander niet "
        "verloren gaat."
    )


def check_revision(obj: Any, expected: int | None) -> None:
    """Compare the caller's ``expected`` revision with ``obj`` (locked by the caller)."""
    if expected is None:
        raise RevisionRequired()
    if int(expected) != obj.revision:
        raise RevisionConflict(obj.revision, obj=obj)
