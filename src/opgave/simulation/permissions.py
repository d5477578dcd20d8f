"""Named access checks for simulations and populations. Services and selectors use these.

* **simulate** a rule set for an organisation — who may view the rule set (its visibility:
  public, or the owner's members) and acts for that organisation (a person: a membership; a
  token: its own organisation and the scope ``simulation:write``);
* **use a concept version** in a simulation — only who may manage the rule set (the owner's
  members, or its tokens with ``rules:write``): a concept is not yet published;
* **view a simulation** (its status and report) — the members of the organisation it ran for
  and that organisation's tokens with ``simulation:read``, and only while they may still view
  the rule set. Nobody else, also not platform administrators without a membership (deny by
  default): a report can be policy-sensitive before a decision is taken;
* **use a population** — the members of its organisation (an imported file may hold personal
  data) and its tokens with ``simulation:write``.

The system actor (CLI, demo loader) may do everything.
"""

from __future__ import annotations

from django.db.models import Q

from opgave.core.actors import Actor
from opgave.rules import permissions as rules
from opgave.rules.models import RuleSet
from opgave.simulation.models import Population, Simulation


def organisation_ids(actor: Actor) -> set[int]:
    return rules.organisation_ids(actor)


def can_simulate(actor: Actor, rule_set: RuleSet, organisation_id: int) -> bool:
    if actor.is_system:
        return True
    if actor.token is not None and not actor.has_scope("simulation:write"):
        return False
    return rules.can_view(actor, rule_set) and organisation_id in organisation_ids(actor)


def can_use_concepts(actor: Actor, rule_set: RuleSet) -> bool:
    return rules.can_manage(actor, rule_set)


def can_start_any(actor: Actor, rule_set: RuleSet) -> bool:
    """Whether the actor may simulate ``rule_set`` for at least one organisation (shows the form)."""
    return any(can_simulate(actor, rule_set, org) for org in organisation_ids(actor)) or actor.is_system


def visible_filter(actor: Actor) -> Q:
    """A ``Q`` on :class:`Simulation` selecting what ``actor`` may see."""
    if actor.is_system:
        return Q()
    if actor.token is not None and not actor.has_scope("simulation:read"):
        return Q(pk__in=[])
    return Q(organisation_id__in=organisation_ids(actor)) & (
        Q(rule_set__visibility="openbaar") | Q(rule_set__owner_id__in=organisation_ids(actor))
    )


def can_view(actor: Actor, simulation: Simulation) -> bool:
    if actor.is_system:
        return True
    if actor.token is not None and not actor.has_scope("simulation:read"):
        return False
    return simulation.organisation_id in organisation_ids(actor) and rules.can_view(
        actor, simulation.rule_set
    )


def can_use_population(actor: Actor, population: Population) -> bool:
    if actor.is_system:
        return True
    if actor.token is not None and not actor.has_scope("simulation:write"):
        return False
    return population.organisation_id in organisation_ids(actor)
