"""Shared plumbing of the learning services: audit, refusals, revisions, required fields."""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from opgave.collaborations.errors import Forbidden, Invalid, PreconditionFailed
from opgave.core.actors import Actor
from opgave.core.services import audit


def record(actor: Actor, action: str, obj: models.Model | None, detail: dict[str, Any] | None = None) -> None:
    audit.record(
        actor=actor.audit_actor,
        action=action,
        result=audit.SUCCESS,
        organisation=actor.organisation,
        object=obj,
        origin=actor.origin,
        detail=detail,
        actor_label="systeem" if actor.is_system else None,
    )


def deny(actor: Actor, action: str, obj: models.Model | None, message: str) -> Forbidden:
    """Record the refusal (on its own) and return the error to raise."""
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
    if expected is None:
        raise PreconditionFailed(
            "Geef mee welke versie u hebt bewerkt (If-Match), zodat een wijziging van een ander niet verloren gaat."
        )
    if int(expected) != obj.revision:
        raise PreconditionFailed(
            f"Iemand anders heeft dit intussen gewijzigd (u bewerkte versie {expected}, de huidige is "
            f"{obj.revision}). Laad de pagina opnieuw en breng uw wijziging daarna opnieuw aan."
        )


def required(**values: Any) -> None:
    missing = [{"field": k, "message": "Verplicht."} for k, v in values.items() if not str(v or "").strip()]
    if missing:
        raise Invalid("Niet alle verplichte velden zijn ingevuld.", missing)


def choice(value: Any, allowed: list[Any], field: str, message: str) -> None:
    if value not in allowed:
        raise Invalid(message, [{"field": field, "message": message}])
