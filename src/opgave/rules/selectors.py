"""Every read of the rules pillar, with the visibility rules applied (deny by default).

A rule set the viewer may not see does not exist for them: :func:`rule_set` raises
:class:`~opgave.rules.errors.NotFound`, exactly as for an unknown id, so its existence never leaks.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Q, QuerySet

from opgave.core.actors import Actor
from opgave.core.dates import nl_date
from opgave.core.models import Organisation
from opgave.core.services import audit
from opgave.rules import dmnfiles, permissions
from opgave.rules.errors import NotFound
from opgave.rules.models import LawReference, OpenTerm, RuleSet, RuleVersion, Status, Variant, VariantVersion

NOT_FOUND = "Deze regelset bestaat niet, of je mag hem niet zien."


def rule_sets(
    actor: Actor, *, query: str = "", owner: uuid.UUID | str | None = None, law: str = "", status: str = ""
) -> QuerySet[RuleSet]:
    """The catalogue: visible rule sets, searched in title/description, filtered by owner, BWB id or
    by having a version with ``status``."""
    qs = RuleSet.objects.filter(permissions.visible_filter(actor)).select_related("owner")
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(description__icontains=query))
    if owner:
        qs = qs.filter(owner__uuid=owner)
    if law:
        qs = qs.filter(law_ids__icontains=law.strip())
    if status:
        qs = qs.filter(versions__status=status)
    return qs.distinct().order_by("title")


def rule_set(actor: Actor, rule_set_id: uuid.UUID | str, *, with_owner: bool = True) -> RuleSet:
    """A visible rule set. ``with_owner=False`` leaves the owner out of the query (the evaluate
    endpoint needs only the row itself: its visibility, owner id and revision)."""
    try:
        found = (RuleSet.objects.select_related("owner") if with_owner else RuleSet.objects).get(
            uuid=rule_set_id
        )
    except (RuleSet.DoesNotExist, ValueError, TypeError):
        raise NotFound(NOT_FOUND) from None
    if not permissions.can_view(actor, found):
        raise NotFound(NOT_FOUND)
    return found


def managed_rule_set(actor: Actor, rule_set_id: uuid.UUID | str, message: str) -> RuleSet:
    """A visible rule set the actor may manage; otherwise the refusal is audited and raised with
    ``message`` (the management pages ask this before they show a form)."""
    found = rule_set(actor, rule_set_id)
    if not permissions.can_manage(actor, found):
        raise audit.refuse(actor, "ruleset.manage", message, object=found)
    return found


def versions(rule_set: RuleSet) -> QuerySet[RuleVersion]:
    return rule_set.versions.order_by("number")


def version(rule_set: RuleSet, number: int) -> RuleVersion:
    found = rule_set.versions.filter(number=number).first()
    if found is None:
        raise NotFound(f"Regelset '{rule_set.title}' heeft geen versie {number}.")
    return found


def _periods(qs: Any) -> str:
    items = [f"versie {v.number}: {v.period_text}" for v in qs]
    return "; ".join(items) if items else "er is nog geen versie gepubliceerd"


def version_on(rule_set: RuleSet, day: dt.date) -> RuleVersion:
    """The published version valid on ``day`` (both ends inclusive), or NotFound naming the periods."""
    published = rule_set.versions.filter(status=Status.PUBLISHED)
    found = (
        published.filter(geldig_van__lte=day)
        .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=day))
        .order_by("-geldig_van")
        .first()
    )
    if found is None:
        raise NotFound(
            f"Op {nl_date(day)} is geen versie van '{rule_set.title}' geldig. "
            f"Geldige perioden: {_periods(published.order_by('geldig_van'))}."
        )
    return found


def law_references(rule_set: RuleSet, version: RuleVersion | None = None) -> list[dict[str, str]]:
    """The references of the rule set as a whole, then those of ``version``'s decisions."""
    own = [ref.as_dict() for ref in rule_set.law_references.filter(version__isnull=True)]
    if version is not None:
        own += [ref.as_dict() for ref in version.law_references.all()]
    return own


def own_law_references(rule_set: RuleSet) -> list[LawReference]:
    """The references of the rule set as a whole (the rows, for the edit links)."""
    return list(rule_set.law_references.filter(version__isnull=True).order_by("bwb_id", "article", "pk"))


def version_law_references(version: RuleVersion) -> list[LawReference]:
    """The references of one version's decisions."""
    return list(version.law_references.order_by("decision", "bwb_id", "article", "pk"))


def law_reference(rule_set: RuleSet, reference_id: int | str) -> LawReference:
    """One reference of a visible rule set (of the set itself or of one of its versions)."""
    try:
        return rule_set.law_references.select_related("version", "rule_set__owner").get(pk=int(reference_id))
    except (LawReference.DoesNotExist, ValueError, TypeError):
        raise NotFound("Deze wetsverwijzing bestaat niet bij deze regelset.") from None


def current_version(rule_set: RuleSet) -> RuleVersion | None:
    """The newest version (highest number), whatever its status: the model the page works on."""
    return rule_set.versions.order_by("-number").first()


def decision_names(version: RuleVersion) -> list[str]:
    """The decisions of a version's model, in the model's order."""
    model = dmnfiles.compiled(version.model_hash, version.model_xml, version.imported_xml)
    return list(model.decision_names)


def input_names(version: RuleVersion) -> list[str]:
    """The input data of a version's model (the names an open term can have)."""
    model = dmnfiles.compiled(version.model_hash, version.model_xml, version.imported_xml)
    return sorted(model.input_names)


def open_terms(rule_set: RuleSet) -> list[OpenTerm]:
    return list(rule_set.open_terms.order_by("name"))


def open_term(rule_set: RuleSet, term_id: int | str) -> OpenTerm:
    try:
        return rule_set.open_terms.select_related("rule_set__owner").get(pk=int(term_id))
    except (OpenTerm.DoesNotExist, ValueError, TypeError):
        raise NotFound("Deze open norm bestaat niet bij deze regelset.") from None


def latest_published(rule_set: RuleSet) -> RuleVersion | None:
    """The published version that starts last."""
    return rule_set.versions.filter(status=Status.PUBLISHED).order_by("-geldig_van").first()


def latest_variant_versions(rule_set: RuleSet) -> list[VariantVersion]:
    """Per variant its newest version (any status), for the comparison with the national model."""
    out = []
    for item in variants(rule_set):
        newest = max(item.versions.all(), key=lambda v: v.number, default=None)
        if newest is not None:
            out.append(newest)
    return out


def variants(rule_set: RuleSet) -> QuerySet[Variant]:
    """Variants of a visible rule set (a variant is as visible as its rule set)."""
    return (
        rule_set.variants.select_related("organisation")
        .prefetch_related("versions")
        .order_by("organisation__name")
    )


def variant(rule_set: RuleSet, variant_id: uuid.UUID | str) -> Variant:
    try:
        return rule_set.variants.select_related("organisation").get(uuid=variant_id)
    except (Variant.DoesNotExist, ValueError, TypeError):
        raise NotFound("Deze variant bestaat niet bij deze regelset.") from None


def variant_version_on(variant: Variant, day: dt.date) -> VariantVersion:
    found = (
        variant.versions.filter(status=Status.PUBLISHED, geldig_van__lte=day)
        .filter(Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=day))
        .order_by("-geldig_van")
        .first()
    )
    if found is None:
        periods = "; ".join(
            f"versie {v.number}: vanaf {nl_date(v.geldig_van)}"
            for v in variant.versions.filter(status=Status.PUBLISHED).order_by("geldig_van")
        )
        raise NotFound(
            f"Op {nl_date(day)} is geen versie van variant '{variant.title}' geldig. "
            f"Geldige perioden: {periods or 'geen'}."
        )
    return found


def variant_version(variant: Variant, number: int) -> VariantVersion:
    found = variant.versions.filter(number=number).first()
    if found is None:
        raise NotFound(f"Variant '{variant.title}' heeft geen versie {number}.")
    return found


def organisation(organisation_id: uuid.UUID | str) -> Organisation | None:
    """An organisation by its public id (for the owner of a new rule set or a variant)."""
    try:
        return Organisation.objects.filter(uuid=organisation_id).first()
    except (ValueError, TypeError):
        return None


def organisations_of(actor: Actor) -> QuerySet[Organisation]:
    """The organisations the actor belongs to (for owner and variant choices)."""
    return Organisation.objects.filter(id__in=permissions.organisation_ids(actor)).order_by("name")


def catalogue_owners(actor: Actor) -> QuerySet[Organisation]:
    """Owners of the rule sets the actor can see (the catalogue's owner filter)."""
    visible = RuleSet.objects.filter(permissions.visible_filter(actor)).values("owner_id")
    return Organisation.objects.filter(id__in=visible).order_by("name")
