"""Named access checks for rule sets. Every service, selector, view and endpoint uses these.

* **view** — a public rule set: everybody, also anonymous callers and tokens of any organisation;
  a rule set for the own organisation: members of the owner organisation and its tokens only
  (platform administrators too only through a membership: deny by default);
* **manage** (new versions, publish, withdraw, open terms) — members of the owner organisation, or
  a token of the owner with ``rules:write``;
* **vary** (publish a variant) — who may view the rule set, for an organisation they belong to;
* **evaluate** — who may view; a token also needs ``rules:evaluate``.

The system actor (CLI, demo) may do everything.
"""

from __future__ import annotations

from django.db.models import Q

from opgave.core import permissions as core_permissions
from opgave.core.actors import Actor
from opgave.rules.models import RuleSet, Variant, Visibility


def organisation_ids(actor: Actor) -> set[int]:
    """The organisations an actor acts for: a token its own; a person every membership (read once
    per request through :func:`opgave.core.permissions.roles`, which caches it request-scoped)."""
    if actor.token is not None:
        return {actor.token.organisation_id} if actor.token.is_active else set()
    person = actor.person
    if person is None:
        return set()
    return set(core_permissions.roles(person))


def visible_filter(actor: Actor) -> Q:
    """A ``Q`` on :class:`RuleSet` selecting what ``actor`` may see."""
    if actor.is_system:
        return Q()
    return Q(visibility=Visibility.PUBLIC) | Q(owner_id__in=organisation_ids(actor))


def can_view(actor: Actor, rule_set: RuleSet) -> bool:
    return actor.is_system or rule_set.is_public or rule_set.owner_id in organisation_ids(actor)


def can_manage(actor: Actor, rule_set: RuleSet) -> bool:
    if actor.is_system:
        return True
    if actor.token is not None and not actor.has_scope("rules:write"):
        return False
    return rule_set.owner_id in organisation_ids(actor)


def can_create(actor: Actor, owner_id: int) -> bool:
    if actor.is_system:
        return True
    if actor.token is not None and not actor.has_scope("rules:write"):
        return False
    return owner_id in organisation_ids(actor)


def can_vary(actor: Actor, rule_set: RuleSet, organisation_id: int) -> bool:
    """Publish a variant of ``rule_set`` for the organisation ``organisation_id``."""
    if actor.is_system:
        return True
    if actor.token is not None and not actor.has_scope("rules:write"):
        return False
    return can_view(actor, rule_set) and organisation_id in organisation_ids(actor)


def can_manage_variant(actor: Actor, variant: Variant) -> bool:
    return can_vary(actor, variant.rule_set, variant.organisation_id)


def can_evaluate(actor: Actor, rule_set: RuleSet) -> bool:
    if actor.token is not None and not actor.has_scope("rules:evaluate"):
        return False
    return can_view(actor, rule_set)
