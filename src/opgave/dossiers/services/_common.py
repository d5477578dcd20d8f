"""Shared plumbing of the dossier services: audit, denials, revisions, the processing log."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import structlog
from django.db import models, transaction

from opgave.core.actors import Actor
from opgave.core.exceptions import check_revision as core_check_revision
from opgave.core.models import ProcessingActivity
from opgave.core.services import audit, logs
from opgave.dossiers.errors import Forbidden
from opgave.dossiers.models import Dossier, Subject


def record(
    actor: Actor,
    action: str,
    obj: models.Model | None,
    detail: dict[str, Any] | None = None,
    organisation: Any = None,
) -> None:
    audit.record(
        actor=actor,
        action=action,
        result=audit.SUCCESS,
        organisation=organisation or actor.organisation,
        object=obj,
        origin=actor.origin,
        detail=detail,
        actor_label=actor.label if actor.is_system else None,
    )


def deny(actor: Actor, action: str, obj: models.Model | None, message: str) -> Forbidden:
    """Record the denial in the security log (on its own) and return the error to raise."""
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=action,
            result=audit.DENIED,
            organisation=actor.organisation,
            object=obj,
            origin=actor.origin,
            actor_label=actor.label if actor.is_anonymous else None,
        )
    error = Forbidden(message)
    error.audited = True
    return error


def check_revision(obj: Any, expected: int | None) -> None:
    """``None``: the caller did not say which revision it read (428); another one: stale (412)."""
    core_check_revision(obj, expected)


def _trace() -> tuple[str | None, str | None]:
    context = structlog.contextvars.get_contextvars()
    return context.get("trace_id"), context.get("span_id")


def log_processing(
    actor: Actor,
    dossier: Dossier,
    activities: Iterable[ProcessingActivity],
    name: str,
    subjects: list[Subject] | None = None,
) -> None:
    """One processing-log record per data subject of the dossier per processing activity, appended
    together (one lock on the chain for the whole read)."""
    trace_id, parent = _trace()
    people = subjects if subjects is not None else list(dossier.subjects.all())
    logs.log_processings(
        logs.processing_record(
            activity=activity,
            name=name,
            data_subject=subject.pseudonym,
            data_subject_kind="bsn" if subject.kind == Subject.Kind.PERSON else "adres",
            pseudonymised=True,
            trace_id=trace_id,
            parent_span_id=parent,
            organisation=actor.organisation,
            actor=actor.issuer,
        )
        for activity in {a.pk: a for a in activities}.values()
        for subject in people
    )
