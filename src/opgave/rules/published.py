"""What evaluating a rule set needs from the database, read once per process per rule-set revision.

The per-case evaluate endpoint is the pillar's hot path. Of a rule set it needs the published
versions (to pick the one valid on a date), the open terms (their defaults and sources) and the
variants with their published versions. All of that changes rarely, and a published version never
changes at all, so it is read once and kept in this process under the key
``(rule set id, uuid, revision)``.

**Invalidation.** :attr:`RuleSet.revision` goes up by one in the same transaction as every save
or delete of a version, an open term, a variant or a variant version (signal handlers below, so
the services, the demo loader, the admin and tests all bump it); the writing process also drops
its own cached state of that rule set at once, so an object it still holds with the old revision
does not see old state either. Each evaluation reads the rule
set row itself fresh (visibility and permission are always decided on the current row), and with
it the current revision: a process that still holds an older revision's state simply never asks
for it again. A reader that raced a writer can at worst store *newer* state under the older key,
which no one asks for after the commit. ``QuerySet.update()`` skips signals: code that changes
these tables in bulk must call :func:`bump` itself (nothing in the project does).

The cache holds at most :data:`SIZE` rule sets (least recently used out first).
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from opgave.core.actors import Actor
from opgave.core.dates import nl_date
from opgave.core.rows import Reader
from opgave.rules import permissions
from opgave.rules.errors import NotFound
from opgave.rules.models import OpenTerm, RuleSet, RuleVersion, Status, Variant, VariantVersion
from opgave.rules.selectors import NOT_FOUND

SIZE = 256


@dataclass
class _VariantState:
    variant: Variant
    versions: tuple[VariantVersion, ...]


@dataclass
class State:
    """The published state of one rule-set revision. Treat every object in it as read-only."""

    versions: tuple[RuleVersion, ...]
    terms: tuple[OpenTerm, ...]
    variants: dict[str, _VariantState]
    #: the open-term values and their sources per variant version pk (None: no variant), filled lazily
    term_values: dict[int | None, tuple[dict[str, Any], list[dict[str, Any]]]] = field(default_factory=dict)


_states: OrderedDict[tuple[int, str, int], State] = OrderedDict()
_lock = threading.Lock()


def _load(rule_set: RuleSet) -> State:
    versions = tuple(
        RuleVersion.objects.filter(rule_set_id=rule_set.pk, status=Status.PUBLISHED).order_by("geldig_van")
    )
    for version in versions:
        version.rule_set = rule_set
    terms = tuple(OpenTerm.objects.filter(rule_set_id=rule_set.pk).order_by("name"))
    variants: dict[str, _VariantState] = {}
    published: dict[int, list[VariantVersion]] = {}
    for item in VariantVersion.objects.filter(
        variant__rule_set_id=rule_set.pk, status=Status.PUBLISHED
    ).order_by("geldig_van"):
        published.setdefault(item.variant_id, []).append(item)
    for variant in Variant.objects.filter(rule_set_id=rule_set.pk).select_related("organisation"):
        variant.rule_set = rule_set
        for item in published.get(variant.pk, []):
            item.variant = variant
        variants[str(variant.uuid)] = _VariantState(variant, tuple(published.get(variant.pk, [])))
    return State(versions, terms, variants)


_ROW = Reader(RuleSet)


def rule_set(actor: Actor, rule_set_id: uuid.UUID | str) -> RuleSet:
    """As :func:`opgave.rules.selectors.rule_set` with ``with_owner=False``: the row read fresh on
    every call (visibility is decided on the current row), without the query compiler."""
    try:
        key = uuid.UUID(str(rule_set_id))
    except (ValueError, TypeError, AttributeError):
        raise NotFound(NOT_FOUND) from None
    found = _ROW.by("uuid", key)
    if found is None or not permissions.can_view(actor, found):
        raise NotFound(NOT_FOUND)
    return found


def state(rule_set: RuleSet) -> State:
    """The published state of ``rule_set`` at the revision of this (freshly read) row."""
    key = (rule_set.pk, str(rule_set.uuid), rule_set.revision)
    found = _states.get(key)
    if found is not None:
        return found
    loaded = _load(rule_set)
    with _lock:
        _states[key] = loaded
        while len(_states) > SIZE:
            _states.popitem(last=False)
    return loaded


def clear() -> None:
    """Forget every cached state (tests of the cache itself use it)."""
    with _lock:
        _states.clear()


def _forget(rule_set_id: int) -> None:
    with _lock:
        for key in [k for k in _states if k[0] == rule_set_id]:
            del _states[key]


def bump(rule_set_id: int) -> None:
    """Raise the revision of a rule set, so every process reads its published state again."""
    RuleSet.objects.filter(pk=rule_set_id).update(revision=F("revision") + 1)
    _forget(rule_set_id)


def _valid(item: RuleVersion | VariantVersion, day: dt.date) -> bool:
    return item.geldig_van <= day and (item.geldig_tot is None or item.geldig_tot >= day)


def version_on(rule_set: RuleSet, day: dt.date) -> RuleVersion:
    """As :func:`opgave.rules.selectors.version_on`, from the cached state."""
    versions = state(rule_set).versions
    for version in reversed(versions):  # the latest start first
        if _valid(version, day):
            return version
    periods = "; ".join(f"versie {v.number}: {v.period_text}" for v in versions)
    raise NotFound(
        f"Op {nl_date(day)} is geen versie van '{rule_set.title}' geldig. "
        f"Geldige perioden: {periods or 'er is nog geen versie gepubliceerd'}."
    )


def variant(rule_set: RuleSet, variant_id: uuid.UUID | str) -> Variant:
    """As :func:`opgave.rules.selectors.variant`, from the cached state."""
    try:
        key = str(uuid.UUID(str(variant_id)))
    except (ValueError, TypeError, AttributeError):
        raise NotFound("Deze variant bestaat niet bij deze regelset.") from None
    found = state(rule_set).variants.get(key)
    if found is None:
        raise NotFound("Deze variant bestaat niet bij deze regelset.")
    return found.variant


def variant_version_on(rule_set: RuleSet, variant: Variant, day: dt.date) -> VariantVersion:
    """As :func:`opgave.rules.selectors.variant_version_on`, from the cached state."""
    versions = state(rule_set).variants[str(variant.uuid)].versions
    for item in reversed(versions):
        if _valid(item, day):
            return item
    periods = "; ".join(f"versie {v.number}: vanaf {nl_date(v.geldig_van)}" for v in versions)
    raise NotFound(
        f"Op {nl_date(day)} is geen versie van variant '{variant.title}' geldig. "
        f"Geldige perioden: {periods or 'geen'}."
    )


# ------------------------------------------------------------------------------ invalidation


@receiver([post_save, post_delete], sender=RuleVersion)
@receiver([post_save, post_delete], sender=OpenTerm)
@receiver([post_save, post_delete], sender=Variant)
def _changed(instance: RuleVersion | OpenTerm | Variant, **_: Any) -> None:
    bump(instance.rule_set_id)


@receiver([post_save, post_delete], sender=VariantVersion)
def _variant_changed(instance: VariantVersion, **_: Any) -> None:
    rule_set_id = Variant.objects.filter(pk=instance.variant_id).values_list("rule_set_id", flat=True).first()
    if rule_set_id is not None:
        bump(rule_set_id)
