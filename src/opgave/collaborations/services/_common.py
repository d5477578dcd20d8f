"""Shared plumbing of the collaboration services: audit records, refusals, revision checks.

Every service takes the core :class:`~opgave.core.actors.Actor` keyword-only and raises the
core error vocabulary (:mod:`opgave.core.exceptions`).
"""

from __future__ import annotations

from typing import Any

from django.db import models

from opgave.core.actors import Actor
from opgave.core.exceptions import PermissionDenied, check_revision
from opgave.core.models import Person
from opgave.core.services import audit

__all__ = ["Actor", "check_revision", "deny", "record", "require_person"]


def record(actor: Actor, action: str, obj: models.Model | None, detail: dict[str, Any] | None = None) -> None:
    """The success record of a write (call inside the write's transaction)."""
    audit.record(
        actor=actor,
        action=action,
        result=audit.SUCCESS,
        organisation=actor.organisation,
        object=obj,
        detail=detail,
    )


def deny(actor: Actor, action: str, obj: models.Model | None, message: str) -> PermissionDenied:
    """Record the denial (on its own) and return the error to raise."""
    return audit.refuse(actor, action, message, object=obj)


def require_person(actor: Actor, action: str, obj: models.Model | None) -> Person:
    """The person acting; a token or the system cannot do what only a person does."""
    if actor.token is not None or actor.person is None or not actor.is_known:
        raise deny(actor, action, obj, "Dit kan alleen een aangemelde persoon doen, niet een API-token.")
    return actor.person
