"""Writes on the one shared plan: every active participant may add and update; progress is shared."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from opgave.core.actors import Actor
from opgave.core.models import Organisation
from opgave.dossiers import crypto, permissions
from opgave.dossiers.errors import invalid
from opgave.dossiers.models import Dossier, Participation, PlanItem
from opgave.dossiers.services._common import check_revision, deny, log_processing, record


def _owner(dossier: Dossier, owner: Organisation | None) -> Organisation | None:
    if owner is None:
        return None
    if not dossier.participations.filter(organisation=owner, status=Participation.Status.ACTIVE).exists():
        raise invalid("owner", "Een actie hoort bij een organisatie die actief deelneemt aan het dossier.")
    return owner


def add_item(
    *,
    actor: Actor,
    dossier: Dossier,
    section: str,
    text: str,
    owner: Organisation | None = None,
    deadline: dt.date | None = None,
    goal: PlanItem | None = None,
) -> PlanItem:
    part = permissions.participation(actor, dossier, permissions.WRITE)
    if part is None:
        raise deny(actor, "plan.item.create", dossier, "Alleen actieve deelnemers werken aan het plan.")
    if section not in PlanItem.Section.values:
        raise invalid("section", "Kies kracht, zorg, doel of actie.")
    if not text.strip() or len(text) > 2000:
        raise invalid("text", "Vul een tekst in van hoogstens 2000 tekens.")
    if goal is not None and (goal.dossier_id != dossier.pk or goal.section != PlanItem.Section.GOAL):
        raise invalid("goal", "Een actie hoort bij een doel van hetzelfde plan.")
    with transaction.atomic():
        item = PlanItem.objects.create(
            dossier=dossier,
            section=section,
            text=crypto.encrypt(text.strip()),
            owner=_owner(dossier, owner) if section == PlanItem.Section.ACTION else None,
            deadline=deadline if section == PlanItem.Section.ACTION else None,
            goal=goal if section == PlanItem.Section.ACTION else None,
        )
        record(actor, "plan.item.create", item, {"dossier": str(dossier.uuid), "section": section})
        log_processing(actor, dossier, part.purposes.all()[:1], "plan-vastleggen")
        from opgave.dossiers.services.dossiers import _touch

        _touch(dossier)
    return item


def update_item(
    *,
    actor: Actor,
    item: PlanItem,
    expected_revision: int | None,
    status: str | None = None,
    text: str | None = None,
    deadline: dt.date | None = None,
) -> PlanItem:
    dossier = item.dossier
    part = permissions.participation(actor, dossier, permissions.WRITE)
    if part is None:
        raise deny(actor, "plan.item.update", item, "Alleen actieve deelnemers werken aan het plan.")
    check_revision(item, expected_revision)
    changes: dict[str, object] = {}
    if status is not None:
        if status not in PlanItem.Status.values:
            raise invalid("status", "Kies open, bezig, klaar of gestopt.")
        changes["status"] = status
    if text is not None:
        if not text.strip() or len(text) > 2000:
            raise invalid("text", "Vul een tekst in van hoogstens 2000 tekens.")
        changes["text"] = True
    with transaction.atomic():
        locked = PlanItem.objects.select_for_update().get(pk=item.pk)
        check_revision(locked, expected_revision)
        if status is not None:
            locked.status = status
        if text is not None:
            locked.text = crypto.encrypt(text.strip())
        if deadline is not None:
            locked.deadline = deadline
            changes["deadline"] = deadline.isoformat()
        locked.revision += 1
        locked.save()
        record(actor, "plan.item.update", locked, {"changes": changes})
        log_processing(actor, dossier, part.purposes.all()[:1], "plan-wijzigen")
        from opgave.dossiers.services.dossiers import _touch

        _touch(dossier)
    return locked


def review_plan(*, actor: Actor, dossier: Dossier) -> Dossier:
    """The participants reviewed the plan together (resets the six-month obligation)."""
    part = permissions.participation(actor, dossier, permissions.WRITE)
    if not permissions.is_regisseur(part):
        raise deny(actor, "plan.review", dossier, "De regisseur legt de herbeoordeling van het plan vast.")
    with transaction.atomic():
        Dossier.objects.filter(pk=dossier.pk).update(plan_reviewed_at=timezone.now())
        record(actor, "plan.review", dossier)
        from opgave.dossiers.services.dossiers import _touch

        dossier.refresh_from_db()
        _touch(dossier)
    return dossier
