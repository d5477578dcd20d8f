"""Shared plumbing of the collaboration endpoints: who is asking, look-ups through selectors.

Errors are the services' own (:mod:`opgave.core.exceptions`); the API's problem handler maps
them to problem+json, so the endpoints neither catch nor translate them.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest

from opgave.api.auth import actor_of, context_of, scoped
from opgave.collaborations import selectors
from opgave.collaborations.models import Collaboration, Programme
from opgave.core import selectors as core_selectors
from opgave.core.models import Organisation

READ = scoped("collaborations:read")
WRITE = scoped("collaborations:write")

__all__ = [
    "READ",
    "WRITE",
    "actor_of",
    "collaboration_of",
    "organisations_by_id",
    "principal",
    "programme_by_id",
]


def principal(request: HttpRequest) -> Any:
    """The person or token asking (what the read selectors take)."""
    context = context_of(request)
    return context.person or context.token


def organisations_by_id(ids: list[uuid.UUID], field: str) -> list[Organisation]:
    return core_selectors.organisations_by_uuid(ids, field)


def programme_by_id(programme_id: uuid.UUID | None) -> Programme | None:
    return selectors.programme_or_invalid(programme_id)


def collaboration_of(request: HttpRequest, collaboration_id: uuid.UUID) -> Collaboration:
    return selectors.collaboration(principal(request), collaboration_id)
