"""Shared plumbing of the learning services: audit, refusals, revisions, required fields.

The services raise the core error vocabulary (:mod:`opgave.core.exceptions`).
"""

from __future__ import annotations

from typing import Any

from django.db import models

from opgave.core.actors import Actor
from opgave.core.exceptions import Invalid, PermissionDenied, check_revision
from opgave.core.services import audit

__all__ = ["apply_changes", "check_revision", "choice", "deny", "record", "required"]


def record(actor: Actor, action: str, obj: models.Model | None, detail: dict[str, Any] | None = None) -> None:
    """The success record of a write (call inside the write's transaction)."""
    audit.record(
        actor=actor,
        action=action,
        result=audit.SUCCESS,
        organisation=actor.organisation,
        object=obj,
        origin=actor.origin,
        detail=detail,
    )


def apply_changes(obj: models.Model, values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Set ``values`` on ``obj``; returns ``{field: {"oud": ..., "nieuw": ...}}`` of what changed.

    The audit detail of an update carries it as ``{"changes": ...}``, as every pillar does.
    """
    changes: dict[str, dict[str, Any]] = {}
    for key, value in values.items():
        old = getattr(obj, key)
        if old != value:
            changes[key] = {"oud": old, "nieuw": value}
        setattr(obj, key, value)
    return changes


def deny(actor: Actor, action: str, obj: models.Model | None, message: str) -> PermissionDenied:
    """Record the refusal (on its own) and return the error to raise."""
    return audit.refuse(actor, action, message, object=obj)


def required(**values: Any) -> None:
    missing = [{"field": k, "message": "Verplicht."} for k, v in values.items() if not str(v or "").strip()]
    if missing:
        raise Invalid("Niet alle verplichte velden zijn ingevuld.", missing)


def choice(value: Any, allowed: list[Any], field: str, message: str) -> None:
    if value not in allowed:
        raise Invalid(message, [{"field": field, "message": message}])
