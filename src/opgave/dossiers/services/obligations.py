"""Obligations: stored results of the dossier type's decision model (see :mod:`..constraints`)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from opgave.core.actors import Actor
from opgave.core.models import Organisation
from opgave.dossiers import constraints, permissions
from opgave.dossiers.errors import Conflict
from opgave.dossiers.models import Dossier, Obligation, Participation
from opgave.dossiers.services._common import deny, record


def _responsible(dossier: Dossier, role: str) -> Organisation | None:
    if role == "regisseur":
        regie = dossier.participations.filter(status=Participation.Status.ACTIVE, is_regisseur=True).first()
        return regie.organisation if regie else None
    return None


def refresh(dossier: Dossier, *, actor: Actor, today: dt.date | None = None) -> list[Obligation]:
    """Re-derive the obligations; fulfilled ones stay fulfilled, ones no rule produces lapse."""
    derived = constraints.derive(dossier, today)
    now = timezone.now()
    keep: list[int] = []
    with transaction.atomic():
        for item in derived:
            obligation, created = Obligation.objects.get_or_create(
                dossier=dossier,
                code=item.code,
                anchor=item.anchor,
                defaults={
                    "title": item.title,
                    "entry": item.entry,
                    "due_date": item.due_date,
                    "responsible_role": item.responsible_role,
                    "responsible": _responsible(dossier, item.responsible_role),
                    "rule_model": str(item.explanation["model"]),
                    "rule_id": item.rule_id,
                    "explanation": item.explanation,
                    "derived_at": now,
                },
            )
            if not created and obligation.status != Obligation.Status.DONE:
                obligation.status = Obligation.Status.OPEN
                obligation.due_date = item.due_date
                obligation.title = item.title
                obligation.responsible = _responsible(dossier, item.responsible_role)
                obligation.explanation = item.explanation
                obligation.rule_id = item.rule_id
                obligation.derived_at = now
                obligation.save()
            keep.append(obligation.pk)
        Obligation.objects.filter(dossier=dossier, status=Obligation.Status.OPEN).exclude(pk__in=keep).update(
            status=Obligation.Status.LAPSED, derived_at=now
        )
    return list(Obligation.objects.filter(pk__in=keep))


def refresh_all(*, actor: Actor, today: dt.date | None = None) -> int:
    count = 0
    for dossier in Dossier.objects.filter(closed_at__isnull=True).iterator():
        refresh(dossier, actor=actor, today=today)
        count += 1
    return count


def fulfil(*, actor: Actor, obligation: Obligation) -> Obligation:
    """An active participant marks the obligation as met (recorded with who and when)."""
    dossier = obligation.dossier
    part = permissions.participation(actor, dossier, permissions.WRITE)
    if part is None:
        raise deny(
            actor, "obligation.fulfil", obligation, "Alleen actieve deelnemers werken verplichtingen af."
        )
    if obligation.status != Obligation.Status.OPEN:
        raise Conflict("Deze verplichting staat niet meer open.")
    with transaction.atomic():
        obligation.status = Obligation.Status.DONE
        obligation.fulfilled_at = timezone.now()
        obligation.save(update_fields=["status", "fulfilled_at"])
        record(
            actor, "obligation.fulfil", obligation, {"dossier": str(dossier.uuid), "code": obligation.code}
        )
    return obligation
