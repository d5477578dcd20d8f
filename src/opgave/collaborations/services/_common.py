"""Shared plumbing of the collaboration services: who acts, audit, revision checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from opgave.collaborations import permissions
from opgave.collaborations.errors import Forbidden, PreconditionFailed
from opgave.core.models import Person
from opgave.core.services import audit


@dataclass(frozen=True)
class Actor:
    """Who performs a write: the person, and how (an API token, for the audit log), and from where."""

    person: Any
    token: Any = None
    origin: str = ""
    organisation: Any = None

    @property
    def audit_actor(self) -> Any:
        return self.token or self.person

    @property
    def user(self) -> Person | None:
        """The person behind the write (``None`` when an API token acts for its organisation)."""
        return permissions.person_of(self.person)

    def require_user(self, action: str, obj: models.Model | None) -> Person:
        if self.user is None:
            raise deny(self, action, obj, "Dit kan alleen een aangemelde persoon doen, niet een API-token.")
        return self.user


def as_actor(actor: Any) -> Actor:
    """Accept an :class:`Actor`, a person or an API token (which then acts for its organisation)."""
    if isinstance(actor, Actor):
        return actor
    from opgave.core.models import ApiToken

    if isinstance(actor, ApiToken):
        return Actor(person=actor, token=actor, organisation=actor.organisation)
    return Actor(person=actor)


def record(actor: Actor, action: str, obj: models.Model | None, detail: dict[str, Any] | None = None) -> None:
    audit.record(
        actor=actor.audit_actor,
        action=action,
        result=audit.SUCCESS,
        organisation=actor.organisation,
        object=obj,
        origin=actor.origin,
        detail=detail,
    )


def deny(actor: Actor, action: str, obj: models.Model | None, message: str) -> Forbidden:
    """Record the denial (on its own) and return the error to raise."""
    with transaction.atomic():
        audit.record(
            actor=actor.audit_actor,
            action=action,
            result=audit.DENIED,
            organisation=actor.organisation,
            object=obj,
            origin=actor.origin,
        )
    return Forbidden(message)


def check_revision(obj: Any, expected: int | None) -> None:
    """``expected`` is the revision the caller read (from If-Match or a hidden form field).

    ``None`` means the caller did not say; edits of shared objects always pass it, so two people
    editing at once never silently overwrite each other.
    """
    if expected is None:
        raise PreconditionFailed(
            "Geef mee welke versie u hebt bewerkt (If-Match), zodat een wijziging van een ander niet verloren gaat."
        )
    if int(expected) != obj.revision:
        raise PreconditionFailed(
            f"Iemand anders heeft dit intussen gewijzigd (u bewerkte versie {expected}, de huidige is "
            f"{obj.revision}). Laad de pagina opnieuw en breng uw wijziging daarna opnieuw aan."
        )
