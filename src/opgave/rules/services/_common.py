"""Shared plumbing of the rules services: audit records and refusals, the rule set's revision
(ETag) and row lock, its law ids, validity periods.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Q

from opgave.core.actors import Actor
from opgave.core.exceptions import check_revision
from opgave.core.models import Organisation
from opgave.core.services import audit
from opgave.rules import lawrefs
from opgave.rules.errors import Forbidden, Invalid
from opgave.rules.models import LawReference, RuleSet, RuleVersion


def record(
    actor: Actor, action: str, obj: Any, organisation: Organisation | None, detail: dict[str, Any]
) -> None:
    """The success record of a write (inside the write's transaction); the core audit log takes the
    actor as it is (person, token with its issuer, or "systeem") and its origin."""
    audit.record(
        actor=actor, action=action, result=audit.SUCCESS, organisation=organisation, object=obj, detail=detail
    )


def deny(actor: Actor, action: str, obj: Any, message: str) -> Forbidden:
    """Record the refusal on its own and return the error to raise (marked as audited, so the API
    does not record it a second time)."""
    return audit.refuse(actor, action, message, object=obj)


def refresh_law_ids(rule_set: RuleSet) -> None:
    ids = sorted(set(LawReference.objects.filter(rule_set=rule_set).values_list("bwb_id", flat=True)))
    rule_set.law_ids = " ".join(ids)[:500]
    rule_set.save(update_fields=["law_ids", "updated_at"])


def new_law_reference(rule_set: RuleSet, version: RuleVersion | None, data: dict[str, Any]) -> LawReference:
    values = lawrefs.clean(data, prefix="law_references.")
    return LawReference.objects.create(rule_set=rule_set, version=version, **values)


def touch(rule_set: RuleSet) -> None:
    """A new revision of the rule set (its ETag, and the published-state cache of every process)."""
    RuleSet.objects.filter(pk=rule_set.pk).update(revision=F("revision") + 1)


def locked(rule_set: RuleSet, expected_revision: int | None) -> RuleSet:
    """Lock the rule set's row and compare the revision the caller read (If-Match, hidden field)."""
    row = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    check_revision(row, expected_revision)
    return row


def check_period(start: dt.date, end: dt.date | None) -> None:
    if end is not None and end < start:
        raise Invalid(
            "De geldigheid eindigt vóór ze begint.",
            [{"field": "geldig_tot", "message": "Kies een datum op of na 'geldig van'."}],
        )


def overlap(qs: Any, start: dt.date, end: dt.date | None) -> Any:
    """Rows of ``qs`` whose [geldig_van, geldig_tot] overlaps [start, end] (None = open)."""
    condition = Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=start)
    if end is not None:
        condition &= Q(geldig_van__lte=end)
    return qs.filter(condition).order_by("geldig_van").first()
