"""Writes on a collaboration's registers (tensions, activity, goals, lessons) and on programmes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from opgave.collaborations import permissions, pulse
from opgave.collaborations.models import (
    Activity,
    ActivityKind,
    Collaboration,
    Goal,
    GoalMeasurement,
    Lesson,
    LessonOrder,
    Programme,
    PulseResponse,
    Tension,
    TensionKind,
    Theme,
)
from opgave.collaborations.services._common import Actor, check_revision, deny, record, require_person
from opgave.core.exceptions import Invalid
from opgave.core.models import Organisation


def _editor(collaboration: Collaboration, action: str, *, actor: Actor) -> Any:
    if not permissions.can_edit(actor.principal, collaboration):
        raise deny(
            actor, action, collaboration, "Alleen deelnemers van de samenwerking kunnen dit vastleggen."
        )
    return actor


def _required(**values: str) -> None:
    missing = [{"field": k, "message": "Verplicht."} for k, v in values.items() if not str(v).strip()]
    if missing:
        raise Invalid("Niet alle verplichte velden zijn ingevuld.", missing)


def add_tension(
    collaboration: Collaboration,
    *,
    actor: Actor,
    kind: str,
    title: str,
    description: str = "",
    handling: str = "",
) -> Tension:
    actor = _editor(collaboration, "collaboration.tension.create", actor=actor)
    _required(title=title)
    if kind not in TensionKind.values:
        raise Invalid("Kies het soort spanning: waarden, horizontaal, verticaal of programma–regio.")
    with transaction.atomic():
        tension = Tension.objects.create(
            collaboration=collaboration,
            kind=kind,
            title=title.strip(),
            description=description.strip(),
            handling=handling.strip(),
            created_by=actor.person,
        )
        record(actor, "collaboration.tension.create", tension)
    return tension


def update_tension(
    tension: Tension, *, actor: Actor, expected_revision: int | None, **fields: Any
) -> Tension:
    actor = _editor(tension.collaboration, "collaboration.tension.update", actor=actor)
    allowed = {"kind", "title", "description", "handling"}
    if set(fields) - allowed:
        raise Invalid(f"Onbekende velden: {', '.join(sorted(set(fields) - allowed))}.")
    if "kind" in fields and fields["kind"] not in TensionKind.values:
        raise Invalid("Kies het soort spanning: waarden, horizontaal, verticaal of programma–regio.")
    if "title" in fields:
        _required(title=fields["title"])
    with transaction.atomic():
        locked = Tension.objects.select_for_update().get(pk=tension.pk)
        check_revision(locked, expected_revision)
        for key, value in fields.items():
            setattr(locked, key, value.strip())
        locked.revision += 1
        locked.save()
        record(actor, "collaboration.tension.update", locked, {"fields": sorted(fields)})
    return locked


def log_activity(
    collaboration: Collaboration,
    *,
    actor: Actor,
    kind: str,
    title: str,
    description: str = "",
    occurred_at: datetime | None = None,
) -> Activity:
    actor = _editor(collaboration, "collaboration.activity.create", actor=actor)
    _required(title=title)
    if kind not in (ActivityKind.MEETING, ActivityKind.MESSAGE, ActivityKind.DECISION):
        raise Invalid("Leg een overleg, bericht of besluit vast; sessies en versies komen er vanzelf in.")
    with transaction.atomic():
        activity = Activity.objects.create(
            collaboration=collaboration,
            kind=kind,
            title=title.strip(),
            description=description.strip(),
            occurred_at=occurred_at or timezone.now(),
            created_by=actor.person,
        )
        record(actor, "collaboration.activity.create", activity, {"kind": kind})
    return activity


def add_goal(
    collaboration: Collaboration,
    *,
    actor: Actor,
    title: str,
    indicator: str,
    target: float,
    baseline: float = 0.0,
    unit: str = "",
) -> Goal:
    actor = _editor(collaboration, "collaboration.goal.create", actor=actor)
    _required(title=title, indicator=indicator)
    if float(target) == float(baseline):
        raise Invalid("De streefwaarde moet verschillen van de beginwaarde.")
    with transaction.atomic():
        goal = Goal.objects.create(
            collaboration=collaboration,
            title=title.strip(),
            indicator=indicator.strip(),
            unit=unit.strip(),
            baseline=float(baseline),
            target=float(target),
        )
        record(actor, "collaboration.goal.create", goal)
    return goal


def record_measurement(
    goal: Goal, *, actor: Actor, value: float, measured_at: datetime | None = None, note: str = ""
) -> GoalMeasurement:
    actor = _editor(goal.collaboration, "collaboration.goal.measure", actor=actor)
    when = measured_at or timezone.now()
    with transaction.atomic():
        measurement = GoalMeasurement.objects.create(
            goal=goal, value=float(value), measured_at=when, note=note.strip()
        )
        Activity.objects.create(
            collaboration=goal.collaboration,
            kind=ActivityKind.GOAL_PROGRESS,
            title=f"Meting '{goal.title}': {value:g} {goal.unit}".strip(),
            occurred_at=when,
            created_by=actor.person,
        )
        record(actor, "collaboration.goal.measure", goal, {"value": value})
    return measurement


def add_lesson(
    collaboration: Collaboration,
    *,
    actor: Actor,
    title: str,
    order: int = LessonOrder.FIRST,
    description: str = "",
    recorded_at: datetime | None = None,
) -> Lesson:
    actor = _editor(collaboration, "collaboration.lesson.create", actor=actor)
    _required(title=title)
    if order not in LessonOrder.values:
        raise Invalid("Een les is van de eerste, tweede of derde orde.")
    with transaction.atomic():
        lesson = Lesson.objects.create(
            collaboration=collaboration,
            title=title.strip(),
            order=order,
            description=description.strip(),
            recorded_at=recorded_at or timezone.now(),
            created_by=actor.person,
        )
        record(actor, "collaboration.lesson.create", lesson)
    return lesson


def create_programme(*, actor: Actor, name: str, description: str, owners: list[Organisation]) -> Programme:
    mine = permissions.organisation_ids(actor.principal)
    if not owners or not mine & {o.id for o in owners}:
        raise deny(
            actor,
            "collaboration.programme.create",
            None,
            "Je kunt alleen een programma starten namens een eigen organisatie.",
        )
    _required(name=name)
    if Programme.objects.filter(name__iexact=name.strip()).exists():
        raise Invalid(
            "Er bestaat al een programma met deze naam.",
            [{"field": "name", "message": "Kies een andere naam."}],
        )
    with transaction.atomic():
        programme = Programme.objects.create(name=name.strip(), description=description.strip())
        programme.owners.set(owners)
        record(actor, "collaboration.programme.create", programme)
    return programme


def add_theme(programme: Programme, *, actor: Actor, name: str, description: str = "") -> Theme:
    if not permissions.can_manage_programme(actor.principal, programme):
        raise deny(
            actor,
            "collaboration.programme.theme",
            programme,
            "Alleen eigenaren van het programma voegen thema's toe.",
        )
    _required(name=name)
    if programme.themes.filter(name__iexact=name.strip()).exists():
        raise Invalid("Dit programma heeft al een thema met deze naam.")
    with transaction.atomic():
        theme = Theme.objects.create(programme=programme, name=name.strip(), description=description.strip())
        record(actor, "collaboration.programme.theme", programme, {"theme": theme.name})
    return theme


def submit_pulse(collaboration: Collaboration, *, actor: Actor, scores: dict[str, int]) -> PulseResponse:
    """A participant (a person) answers the health pulse."""
    actor = _editor(collaboration, "collaboration.pulse.create", actor=actor)
    respondent = require_person(actor, "collaboration.pulse.create", collaboration)
    problems = pulse.validate(scores)
    if problems:
        raise Invalid("Beantwoord elke stelling met een cijfer van 1 tot en met 5.", problems)
    with transaction.atomic():
        response = PulseResponse.objects.create(
            collaboration=collaboration,
            respondent=respondent,
            scores=dict(scores),
            submitted_at=timezone.now(),
        )
        record(actor, "collaboration.pulse.create", collaboration)
    return response
