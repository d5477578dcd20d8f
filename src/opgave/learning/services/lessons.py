"""Writes on lessons: record one for a collaboration or a twinning, and edit it (If-Match)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from opgave.collaborations.design import Principle
from opgave.collaborations.models import (
    Collaboration,
    Lesson,
    LessonInstrument,
    LessonOrder,
    LessonVisibility,
)
from opgave.core.actors import Actor
from opgave.core.exceptions import Invalid
from opgave.learning import permissions
from opgave.learning.models import Twinning, TwinningLesson
from opgave.learning.services._common import apply_changes, check_revision, choice, deny, record, required

FIELDS = ("title", "description", "order", "instrument", "step", "perspective", "tags", "visibility")


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate lesson fields (Dutch messages); returns them normalised."""
    out = dict(fields)
    if "title" in out:
        required(title=out["title"])
        out["title"] = str(out["title"]).strip()[:200]
    if "description" in out:
        out["description"] = str(out["description"] or "").strip()
    if "order" in out:
        choice(out["order"], LessonOrder.values, "order", "Een les is van de eerste, tweede of derde orde.")
    if "instrument" in out:
        out["instrument"] = out["instrument"] or ""
        choice(
            out["instrument"],
            ["", *LessonInstrument.values],
            "instrument",
            "Kies financieel, juridisch, institutioneel of democratisch.",
        )
    if "step" in out and out["step"] is not None:
        choice(out["step"], [1, 2, 3, 4, 5], "step", "Een ontwerpstap is 1 tot en met 5.")
    if "perspective" in out:
        out["perspective"] = out["perspective"] or ""
        choice(
            out["perspective"], ["", *[p.value for p in Principle]], "perspective", "Onbekend perspectief."
        )
    if "visibility" in out:
        choice(
            out["visibility"],
            LessonVisibility.values,
            "visibility",
            "Kies wie de les mag zien: de samenwerking, het platform of iedereen.",
        )
    if "tags" in out:
        tags = out["tags"] or []
        if isinstance(tags, str):
            tags = tags.split(",")
        if not isinstance(tags, list) or len(tags) > 20:
            raise Invalid("Geef hoogstens twintig trefwoorden.", [{"field": "tags", "message": "Te veel."}])
        out["tags"] = sorted({str(t).strip().lower()[:40] for t in tags if str(t).strip()})
    instrument = out.get("instrument")
    if instrument and out.get("order", LessonOrder.SECOND) != LessonOrder.SECOND:
        raise Invalid(
            "Alleen een les van de tweede orde gaat over een instrument.",
            [{"field": "instrument", "message": "Alleen bij tweede orde."}],
        )
    return out


def record_lesson(
    *,
    actor: Actor,
    collaboration: Collaboration | None = None,
    twinning: Twinning | None = None,
    title: str,
    description: str = "",
    order: int = LessonOrder.FIRST,
    instrument: str = "",
    step: int | None = None,
    perspective: str = "",
    tags: list[str] | None = None,
    visibility: str = LessonVisibility.COLLABORATION,
    recorded_at: datetime | None = None,
) -> Lesson:
    """A lesson from a collaboration (participants and facilitators) or a twinning (the partners)."""
    action = "lesson.create"
    if (collaboration is None) == (twinning is None):
        raise Invalid("Een les komt uit één samenwerking of uit één twinning.")
    if collaboration is not None and not permissions.can_record_lesson(actor, collaboration):
        raise deny(
            actor, action, collaboration, "Alleen deelnemers van de samenwerking leggen er lessen van vast."
        )
    if twinning is not None and not permissions.is_partner(actor, twinning):
        raise deny(actor, action, twinning, "Alleen de twee partners leggen lessen uit een twinning vast.")
    fields = _clean(
        {
            "title": title,
            "description": description,
            "order": order,
            "instrument": instrument,
            "step": step,
            "perspective": perspective,
            "tags": tags or [],
            "visibility": visibility,
        }
    )
    with transaction.atomic():
        lesson = Lesson(
            collaboration=collaboration,
            recorded_at=recorded_at or timezone.now(),
            created_by=actor.person,
            **fields,
        )
        lesson.save()
        if twinning is not None:
            TwinningLesson.objects.create(lesson=lesson, twinning=twinning)
            from opgave.learning import search_index

            search_index.index_lessons([lesson])
        record(actor, action, lesson, {"order": lesson.order, "visibility": lesson.visibility})
    return lesson


def update_lesson(*, actor: Actor, lesson: Lesson, expected_revision: int | None, **fields: Any) -> Lesson:
    action = "lesson.update"
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise Invalid(f"Onbekende velden: {', '.join(sorted(unknown))}.")
    if not permissions.can_edit_lesson(actor, lesson):
        raise deny(actor, action, lesson, "Alleen wie de les mag vastleggen, mag haar wijzigen.")
    with transaction.atomic():
        locked = Lesson.objects.select_for_update().get(pk=lesson.pk)
        check_revision(locked, expected_revision)
        merged = _clean({**{k: getattr(locked, k) for k in FIELDS}, **fields})
        changes = apply_changes(locked, {key: merged[key] for key in FIELDS})
        locked.revision += 1
        locked.save()
        record(actor, action, locked, {"changes": changes})
    return locked
