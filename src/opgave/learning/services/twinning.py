"""Writes on twinnings: start one, its form over time, activities, small proposals, frictions,
evaluations (continue / change form / end), results, and organisation profiles."""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from opgave.core.actors import Actor
from opgave.core.exceptions import Conflict, Invalid
from opgave.core.models import Organisation
from opgave.learning import permissions
from opgave.learning.models import (
    ActivityType,
    Evaluation,
    EvaluationOutcome,
    EvaluationReason,
    FormKind,
    Friction,
    FrictionKind,
    OrganisationProfile,
    ProposalStatus,
    Twinning,
    TwinningActivity,
    TwinningForm,
    TwinningProposal,
    TwinningStatus,
)
from opgave.learning.services._common import apply_changes, check_revision, choice, deny, record, required


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _partner(actor: Actor, twinning: Twinning, action: str) -> None:
    if not permissions.is_partner(actor, twinning):
        raise deny(actor, action, twinning, "Alleen medewerkers van de twee partners kunnen dit vastleggen.")


def start_twinning(
    *,
    actor: Actor,
    name: str,
    partner_a: Organisation,
    partner_b: Organisation,
    started_on: date,
    planned_end_on: date,
    goals: str,
    form: str = FormKind.MEESTER_GEZEL,
    master: Organisation | None = None,
    commissioned_by: Organisation | None = None,
    commission_note: str = "",
    evaluation_interval_months: int = 12,
) -> Twinning:
    action = "twinning.create"
    if not permissions.can_create_twinning(actor, partner_a, partner_b):
        raise deny(actor, action, None, "Een twinning start een beheerder van een van beide partners.")
    required(name=name, goals=goals)
    if partner_a.pk == partner_b.pk:
        raise Invalid(
            "Een twinning is tussen twee verschillende organisaties.",
            [{"field": "partner_b", "message": "Kies een andere organisatie."}],
        )
    if planned_end_on <= started_on:
        raise Invalid(
            "Het geplande einde ligt na de start.", [{"field": "planned_end_on", "message": "Na de start."}]
        )
    choice(form, FormKind.values, "form", "Kies meester–gezel of gelijkwaardig.")
    if (
        form == FormKind.MEESTER_GEZEL
        and master is not None
        and master.pk not in (partner_a.pk, partner_b.pk)
    ):
        raise Invalid(
            "De meester is een van beide partners.", [{"field": "master", "message": "Kies een partner."}]
        )
    if not 1 <= evaluation_interval_months <= 60:
        raise Invalid(
            "Evalueer minstens eens in de vijf jaar.",
            [{"field": "evaluation_interval_months", "message": "1 tot 60."}],
        )
    with transaction.atomic():
        item = Twinning.objects.create(
            name=name.strip(),
            partner_a=partner_a,
            partner_b=partner_b,
            started_on=started_on,
            planned_end_on=planned_end_on,
            goals=goals.strip(),
            commissioned_by=commissioned_by,
            commission_note=commission_note.strip(),
            evaluation_interval_months=evaluation_interval_months,
            created_by=actor.person,
        )
        TwinningForm.objects.create(
            twinning=item,
            kind=form,
            master=(master or partner_a) if form == FormKind.MEESTER_GEZEL else None,
            since=started_on,
        )
        schedule_evaluations(item)
        record(actor, action, item, {"form": form})
    return item


def schedule_evaluations(item: Twinning, *, until: date | None = None) -> list[Evaluation]:
    """Plan the yearly evaluations up to ``until`` (default: the planned end) and the one before
    the planned end (two months before it). Idempotent; returns the evaluations it created."""
    created = []
    last = min(until or item.planned_end_on, item.planned_end_on)
    due = add_months(item.started_on, item.evaluation_interval_months)
    before_end = add_months(item.planned_end_on, -2)
    while due < before_end and due <= last:
        evaluation, new = Evaluation.objects.get_or_create(
            twinning=item, reason=EvaluationReason.YEARLY, due_on=due
        )
        if new:
            created.append(evaluation)
        due = add_months(due, item.evaluation_interval_months)
    evaluation, new = Evaluation.objects.get_or_create(
        twinning=item, reason=EvaluationReason.BEFORE_END, due_on=max(before_end, item.started_on)
    )
    if new:
        created.append(evaluation)
    return created


def change_form(
    *,
    actor: Actor,
    twinning: Twinning,
    kind: str,
    since: date,
    master: Organisation | None = None,
    note: str = "",
) -> TwinningForm:
    action = "twinning.form.change"
    _partner(actor, twinning, action)
    choice(kind, FormKind.values, "kind", "Kies meester–gezel of gelijkwaardig.")
    if since < twinning.started_on:
        raise Invalid("Een nieuwe vorm gaat in na de start.", [{"field": "since", "message": "Na de start."}])
    with transaction.atomic():
        form = TwinningForm.objects.create(
            twinning=twinning,
            kind=kind,
            master=(master or twinning.partner_a) if kind == FormKind.MEESTER_GEZEL else None,
            since=since,
            note=note.strip(),
        )
        record(actor, action, twinning, {"kind": kind, "since": since})
    return form


def add_activity(
    *,
    actor: Actor,
    twinning: Twinning,
    kind: str,
    title: str,
    held_on: date,
    presented_by: Organisation | None = None,
    plan: str = "",
    challenges: str = "",
    changes: str = "",
    description: str = "",
) -> TwinningActivity:
    action = "twinning.activity.create"
    _partner(actor, twinning, action)
    required(title=title)
    choice(kind, ActivityType.values, "kind", "Kies botsproef, kenniskring, uitwisseling of advies.")
    if kind == ActivityType.BOTSPROEF:
        required(plan=plan, challenges=challenges)
    if presented_by is not None and presented_by.pk not in (twinning.partner_a_id, twinning.partner_b_id):
        raise Invalid(
            "Een plan wordt ingebracht door een van de partners.",
            [{"field": "presented_by", "message": "Kies een partner."}],
        )
    with transaction.atomic():
        activity = TwinningActivity.objects.create(
            twinning=twinning,
            kind=kind,
            title=title.strip(),
            held_on=held_on,
            presented_by=presented_by,
            plan=plan.strip(),
            challenges=challenges.strip(),
            changes=changes.strip(),
            description=description.strip(),
            created_by=actor.person,
        )
        record(actor, action, activity, {"kind": kind})
    return activity


def submit_proposal(*, actor: Actor, twinning: Twinning, title: str, description: str) -> TwinningProposal:
    """An employee (a person) of either partner proposes a small twinning activity."""
    action = "twinning.proposal.submit"
    person = actor.person
    organisation = None
    if person is not None:
        organisation = (
            Organisation.objects.filter(
                memberships__person=person, id__in=[twinning.partner_a_id, twinning.partner_b_id]
            )
            .order_by("id")
            .first()
        )
    if organisation is None:
        raise deny(
            actor, action, twinning, "Een klein voorstel dient een medewerker van een van de partners in."
        )
    required(title=title, description=description)
    if twinning.status != TwinningStatus.ACTIEF:
        raise Conflict("Deze twinning is beëindigd; er kunnen geen voorstellen meer bij.")
    with transaction.atomic():
        proposal = TwinningProposal.objects.create(
            twinning=twinning,
            title=title.strip()[:200],
            description=description.strip(),
            organisation=organisation,
            submitted_by=person,
            submitted_at=timezone.now(),
        )
        record(actor, action, proposal)
    return proposal


def decide_proposal(
    *, actor: Actor, proposal: TwinningProposal, approve: bool, note: str = "", expected_revision: int | None
) -> TwinningProposal:
    """An administrator of either partner approves or rejects; the note explains the decision."""
    action = "twinning.proposal.decide"
    if not permissions.can_decide_proposal(actor, proposal):
        raise deny(
            actor,
            action,
            proposal,
            "Een beheerder van een van de partners beslist over een voorstel, niet de indiener zelf.",
        )
    if not approve:
        required(note=note)
    with transaction.atomic():
        locked = TwinningProposal.objects.select_for_update().get(pk=proposal.pk)
        check_revision(locked, expected_revision)
        if locked.status != ProposalStatus.SUBMITTED:
            raise Conflict("Over dit voorstel is al besloten.")
        locked.status = ProposalStatus.APPROVED if approve else ProposalStatus.REJECTED
        locked.review_note = note.strip()
        locked.reviewed_by = actor.person
        locked.reviewed_at = timezone.now()
        locked.revision += 1
        locked.save()
        record(actor, action, locked, {"status": locked.status})
    return locked


def add_friction(
    *, actor: Actor, twinning: Twinning, kind: str, title: str, description: str = "", mitigation: str = ""
) -> Friction:
    action = "twinning.friction.create"
    _partner(actor, twinning, action)
    required(title=title)
    choice(kind, FrictionKind.values, "kind", "Kies het soort frictie of risico.")
    with transaction.atomic():
        friction = Friction.objects.create(
            twinning=twinning,
            kind=kind,
            title=title.strip(),
            description=description.strip(),
            mitigation=mitigation.strip(),
        )
        record(actor, action, friction, {"kind": kind})
    return friction


def update_friction(
    *, actor: Actor, friction: Friction, expected_revision: int | None, **fields: Any
) -> Friction:
    action = "twinning.friction.update"
    _partner(actor, friction.twinning, action)
    allowed = {"title", "description", "mitigation", "is_open", "kind"}
    if set(fields) - allowed:
        raise Invalid(f"Onbekende velden: {', '.join(sorted(set(fields) - allowed))}.")
    if "title" in fields:
        required(title=fields["title"])
    if "kind" in fields:
        choice(fields["kind"], FrictionKind.values, "kind", "Kies het soort frictie of risico.")
    with transaction.atomic():
        locked = Friction.objects.select_for_update().get(pk=friction.pk)
        check_revision(locked, expected_revision)
        changes = apply_changes(
            locked,
            {key: value.strip() if isinstance(value, str) else bool(value) for key, value in fields.items()},
        )
        locked.revision += 1
        locked.save()
        record(actor, action, locked, {"changes": changes})
    return locked


def record_evaluation(
    *,
    actor: Actor,
    evaluation: Evaluation,
    outcome: str,
    reasoning: str,
    held_on: date | None = None,
    new_form: str = "",
    expected_revision: int | None,
) -> Evaluation:
    """The answer to the question every evaluation asks: continue, change form, or end.

    Ending is a normal outcome: the twinning is closed on ``held_on`` and its open evaluations
    are dropped. Changing form records the new form from ``held_on``.
    """
    action = "twinning.evaluation.record"
    twinning = evaluation.twinning
    if not permissions.can_evaluate(actor, twinning):
        raise deny(actor, action, evaluation, "Een beheerder van een van de partners legt de evaluatie vast.")
    choice(outcome, EvaluationOutcome.values, "outcome", "Kies voortzetten, vorm wijzigen of beëindigen.")
    required(reasoning=reasoning)
    if outcome == EvaluationOutcome.CHANGE_FORM:
        choice(new_form, FormKind.values, "new_form", "Kies de nieuwe vorm: meester–gezel of gelijkwaardig.")
    day = held_on or timezone.localdate()
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        check_revision(locked, expected_revision)
        if locked.outcome:
            raise Conflict("Deze evaluatie is al vastgelegd.")
        locked.outcome = outcome
        locked.reasoning = reasoning.strip()
        locked.held_on = day
        locked.decided_by = actor.person
        locked.revision += 1
        locked.save()
        if outcome == EvaluationOutcome.CHANGE_FORM:
            TwinningForm.objects.create(
                twinning=twinning,
                kind=new_form,
                master=twinning.partner_a if new_form == FormKind.MEESTER_GEZEL else None,
                since=day,
                note="Gewijzigd na evaluatie.",
            )
        if outcome == EvaluationOutcome.END:
            Twinning.objects.filter(pk=twinning.pk).update(
                status=TwinningStatus.BEEINDIGD, ended_on=day, revision=twinning.revision + 1
            )
            Evaluation.objects.filter(twinning=twinning, outcome="", due_on__gt=day).delete()
        record(actor, action, locked, {"outcome": outcome})
    return locked


def update_results(
    *, actor: Actor, twinning: Twinning, results: str, expected_revision: int | None
) -> Twinning:
    """The public results page: what the twinning achieved, in the partners' own words."""
    action = "twinning.results.update"
    _partner(actor, twinning, action)
    with transaction.atomic():
        locked = Twinning.objects.select_for_update().get(pk=twinning.pk)
        check_revision(locked, expected_revision)
        changes = apply_changes(locked, {"results": results.strip()})
        locked.revision += 1
        locked.save()
        record(actor, action, locked, {"changes": changes})
    return locked


def _items(values: Any, field: str) -> list[str]:
    if isinstance(values, str):
        values = values.split(",")
    if not isinstance(values, list) or len(values) > 30:
        raise Invalid("Geef hoogstens dertig punten.", [{"field": field, "message": "Te veel."}])
    return sorted({str(v).strip().lower()[:80] for v in values if str(v).strip()})


def save_profile(
    *,
    actor: Actor,
    organisation: Organisation,
    core_processes: Any,
    strengths: Any,
    weaknesses: Any,
    expected_revision: int | None = None,
) -> OrganisationProfile:
    """Core processes and strengths/weaknesses of an organisation (its members record them)."""
    action = "organisation.profile.update"
    if not (actor.is_system or organisation.pk in permissions.organisation_ids(actor)):
        raise deny(
            actor, action, organisation, "Alleen medewerkers van de organisatie leggen haar profiel vast."
        )
    values = {
        "core_processes": _items(core_processes, "core_processes"),
        "strengths": _items(strengths, "strengths"),
        "weaknesses": _items(weaknesses, "weaknesses"),
    }
    with transaction.atomic():
        profile, created = OrganisationProfile.objects.select_for_update().get_or_create(
            organisation=organisation, defaults=values
        )
        if not created:
            if expected_revision is not None:
                check_revision(profile, expected_revision)
            for key, value in values.items():
                setattr(profile, key, value)
            profile.revision += 1
            profile.save()
        record(actor, action, organisation)
    return profile
