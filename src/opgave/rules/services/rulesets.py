"""Creating a rule set (with the law references of the rule set as a whole)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from opgave.core.actors import Actor
from opgave.core.models import Organisation
from opgave.rules import permissions
from opgave.rules.errors import Invalid
from opgave.rules.models import RuleSet, Visibility
from opgave.rules.services._common import deny, new_law_reference, record, refresh_law_ids


def create_rule_set(
    *,
    actor: Actor,
    owner: Organisation,
    title: str,
    description: str = "",
    visibility: str = Visibility.OWN,
    law_references: list[dict[str, Any]] | None = None,
) -> RuleSet:
    if not permissions.can_create(actor, owner.pk):
        raise deny(
            actor, "ruleset.create", None, "Je mag alleen regelsets voor je eigen organisatie aanmaken."
        )
    if not title.strip():
        raise Invalid(
            "Geef de regelset een titel.", [{"field": "title", "message": "Dit veld is verplicht."}]
        )
    if visibility not in Visibility.values:
        raise Invalid(
            "Onbekende zichtbaarheid.", [{"field": "visibility", "message": "Kies 'openbaar' of 'eigen'."}]
        )
    with transaction.atomic():
        rule_set = RuleSet.objects.create(
            owner=owner, title=title.strip()[:200], description=description.strip(), visibility=visibility
        )
        for data in law_references or []:
            new_law_reference(rule_set, None, data)
        refresh_law_ids(rule_set)
        record(actor, "ruleset.create", rule_set, owner, {"title": rule_set.title, "visibility": visibility})
    return rule_set
