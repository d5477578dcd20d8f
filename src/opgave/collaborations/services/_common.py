"""Shared plumbing of the collaboration services: who acts, audit, revision checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction

from opgave.collaborations.errors import Forbidden, PreconditionFailed
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


def as_actor(actor: Any) -> Actor:
    return actor if isinstance(actor, Actor) else Actor(person=actor)


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
