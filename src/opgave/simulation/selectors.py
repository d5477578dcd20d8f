"""Every read of the simulation app, with the access rules applied (deny by default).

A simulation or population the actor may not see does not exist for them: :func:`simulation`
and :func:`population` raise :class:`~opgave.core.exceptions.NotFound`, as for an unknown id.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet

from opgave.core.actors import Actor
from opgave.core.exceptions import NotFound
from opgave.core.models import Organisation
from opgave.rules import permissions as rule_permissions
from opgave.rules.models import RuleSet, RuleVersion, Status, VariantVersion
from opgave.simulation import permissions
from opgave.simulation.models import Population, Simulation

NOT_FOUND = "Deze simulatie bestaat niet, of je mag haar niet zien."


def simulations(actor: Actor, rule_set: RuleSet | None = None) -> QuerySet[Simulation]:
    qs = Simulation.objects.filter(permissions.visible_filter(actor)).select_related(
        "rule_set", "organisation", "population", "base_version", "proposal_version"
    )
    if rule_set is not None:
        qs = qs.filter(rule_set=rule_set)
    return qs.order_by("-created_at", "-id")


def simulation(actor: Actor, simulation_id: uuid.UUID | str) -> Simulation:
    try:
        found = Simulation.objects.select_related(
            "rule_set",
            "organisation",
            "population",
            "base_version",
            "proposal_version",
            "base_variant__variant__organisation",
            "proposal_variant__variant__organisation",
        ).get(uuid=simulation_id)
    except (Simulation.DoesNotExist, ValueError, TypeError):
        raise NotFound(NOT_FOUND) from None
    if not permissions.can_view(actor, found):
        raise NotFound(NOT_FOUND)
    return found


def populations(actor: Actor) -> QuerySet[Population]:
    if actor.is_system:
        return Population.objects.all()
    return Population.objects.filter(organisation_id__in=permissions.organisation_ids(actor)).select_related(
        "organisation"
    )


def population(actor: Actor, population_id: uuid.UUID | str) -> Population:
    try:
        found = Population.objects.get(uuid=population_id)
    except (Population.DoesNotExist, ValueError, TypeError):
        raise NotFound("Deze populatie bestaat niet, of je mag haar niet gebruiken.") from None
    if not permissions.can_use_population(actor, found):
        raise NotFound("Deze populatie bestaat niet, of je mag haar niet gebruiken.")
    return found


def versions_for(actor: Actor, rule_set: RuleSet) -> list[RuleVersion]:
    """The versions the actor may simulate: published (and withdrawn, to look back) ones, and
    concepts for who may manage the rule set."""
    qs = rule_set.versions.order_by("number")
    if not permissions.can_use_concepts(actor, rule_set):
        qs = qs.exclude(status=Status.CONCEPT)
    return list(qs)


def variant_versions_for(rule_set: RuleSet) -> list[VariantVersion]:
    """Published variant versions of a visible rule set (a variant is as visible as its rule set)."""
    return list(
        VariantVersion.objects.filter(variant__rule_set=rule_set, status=Status.PUBLISHED)
        .select_related("variant__organisation")
        .order_by("variant__organisation__name", "number")
    )


def organisations_for(actor: Actor, rule_set: RuleSet) -> list[Organisation]:
    """The organisations the actor may simulate ``rule_set`` for."""
    ids = [o for o in permissions.organisation_ids(actor) if permissions.can_simulate(actor, rule_set, o)]
    return list(Organisation.objects.filter(id__in=ids).order_by("name"))


def can_start(actor: Actor, rule_set: RuleSet) -> bool:
    return bool(organisations_for(actor, rule_set)) and rule_permissions.can_view(actor, rule_set)


def progress(simulation: Simulation) -> dict[str, Any]:
    """Status, percentage and message, fresh from the database (for polling)."""
    simulation.refresh_from_db(
        fields=["status", "progress", "message", "report", "finished_at", "started_at"]
    )
    return {
        "status": simulation.status,
        "progress": simulation.progress,
        "message": simulation.message,
    }
