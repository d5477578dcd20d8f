"""A municipality's variant: filling the open terms in its own regulation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max

from opgave.core.actors import Actor
from opgave.core.dates import nl_date
from opgave.core.models import Organisation
from opgave.rules import permissions
from opgave.rules.errors import Conflict, Invalid
from opgave.rules.models import RuleSet, Status, Variant, VariantVersion
from opgave.rules.openterms import check_term_value
from opgave.rules.services._common import check_period, deny, overlap, record


def publish_variant(
    rule_set: RuleSet,
    *,
    actor: Actor,
    organisation: Organisation,
    values: dict[str, Any],
    geldig_van: dt.date,
    geldig_tot: dt.date | None = None,
    regulation_title: str,
    regulation_url: str,
    title: str = "",
) -> VariantVersion:
    """Publish (a new version of) ``organisation``'s variant. Only open terms may be filled, each
    within its allowed values; anything else is refused with the name of the term."""
    if not permissions.can_vary(actor, rule_set, organisation.pk):
        raise deny(
            actor,
            "variant.publish",
            rule_set,
            "Je mag alleen een variant voor je eigen organisatie publiceren.",
        )
    terms = {t.name: t for t in rule_set.open_terms.all()}
    errors: list[dict[str, str]] = []
    for name, value in values.items():
        term = terms.get(name)
        if term is None:
            errors.append(
                {
                    "field": f"values.{name}",
                    "message": "Dit is geen open norm; een variant kan alleen open normen invullen.",
                }
            )
            continue
        problem = check_term_value(term, value)
        if problem:
            errors.append({"field": f"values.{name}", "message": f"Buiten de toegestane ruimte: {problem}."})
    if errors:
        raise Invalid(
            "De variant is geweigerd: " + " ".join(f"{e['field']}: {e['message']}" for e in errors), errors
        )
    check_period(geldig_van, geldig_tot)
    if not regulation_url.startswith("https://") or not regulation_title.strip():
        raise Invalid(
            "Noem de eigen regeling (bijv. de verordening) met een https-link.",
            [{"field": "regulation_url", "message": "Geef de naam en een https-link van de regeling."}],
        )
    with transaction.atomic():
        variant, _ = Variant.objects.get_or_create(
            rule_set=rule_set,
            organisation=organisation,
            defaults={"title": title.strip() or f"{rule_set.title} — {organisation.name}"},
        )
        Variant.objects.select_for_update().filter(pk=variant.pk).first()
        other = overlap(variant.versions.filter(status=Status.PUBLISHED), geldig_van, geldig_tot)
        if other is not None:
            raise Conflict(
                f"Deze periode overlapt met versie {other.number} van de variant (vanaf {nl_date(other.geldig_van)}). "
                "Laat de vorige versie eerst eindigen."
            )
        number = (variant.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        item = VariantVersion.objects.create(
            variant=variant,
            number=number,
            values={k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()},
            geldig_van=geldig_van,
            geldig_tot=geldig_tot,
            regulation_title=regulation_title.strip()[:300],
            regulation_url=regulation_url.strip()[:500],
            created_by=actor.issuer if not actor.is_system else None,
        )
        record(actor, "variant.publish", variant, organisation, {"number": number, "terms": sorted(values)})
    return item
