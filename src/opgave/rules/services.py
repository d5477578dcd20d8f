"""Every write of the rules pillar. Each function takes ``actor`` keyword-only, decides the
permission itself (named checks in :mod:`opgave.rules.permissions`), and changes the data together
with its audit record in one transaction. Refusals are audited and raise a domain error.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from opgave.core.actors import Actor
from opgave.core.models import Organisation
from opgave.core.services import audit
from opgave.rules import dmnfiles, permissions
from opgave.rules.errors import Conflict, Forbidden, Invalid
from opgave.rules.models import (
    LawReference,
    OpenTerm,
    RuleSet,
    RuleVersion,
    Status,
    Variant,
    VariantVersion,
    Visibility,
)


def _record(
    actor: Actor, action: str, obj: Any, organisation: Organisation | None, detail: dict[str, Any]
) -> None:
    audit.record(
        actor=actor.audit_actor,
        action=action,
        result=audit.SUCCESS,
        organisation=organisation,
        object=obj,
        origin=actor.origin,
        detail=detail,
        actor_label="systeem" if actor.is_system else None,
    )


def _deny(actor: Actor, action: str, obj: Any, message: str) -> Forbidden:
    with transaction.atomic():
        audit.record(
            actor=actor.audit_actor,
            action=action,
            result=audit.DENIED,
            organisation=actor.organisation,
            object=obj,
            origin=actor.origin,
        )
    return Forbidden(message)


def _refresh_law_ids(rule_set: RuleSet) -> None:
    ids = sorted(set(LawReference.objects.filter(rule_set=rule_set).values_list("bwb_id", flat=True)))
    rule_set.law_ids = " ".join(ids)[:500]
    rule_set.save(update_fields=["law_ids", "updated_at"])


def _law_reference(rule_set: RuleSet, version: RuleVersion | None, data: dict[str, Any]) -> LawReference:
    missing = [k for k in ("bwb_id", "title", "article", "url") if not str(data.get(k) or "").strip()]
    if missing:
        raise Invalid(
            "Een wetsverwijzing heeft een BWB-identificatie, een naam, een artikel en een link nodig.",
            [{"field": f"law_references.{k}", "message": "Dit veld is verplicht."} for k in missing],
        )
    if not str(data["url"]).startswith("https://"):
        raise Invalid(
            "De link naar het artikel moet met https:// beginnen.",
            [
                {
                    "field": "law_references.url",
                    "message": "Gebruik een https-link, bijv. naar wetten.overheid.nl.",
                }
            ],
        )
    return LawReference.objects.create(
        rule_set=rule_set,
        version=version,
        decision=str(data.get("decision") or "")[:200],
        bwb_id=str(data["bwb_id"]).strip()[:20],
        title=str(data["title"]).strip()[:200],
        article=str(data["article"]).strip()[:50],
        url=str(data["url"]).strip()[:500],
    )


# ------------------------------------------------------------------------------------ rule sets


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
        raise _deny(
            actor, "ruleset.create", None, "U mag alleen regelsets voor uw eigen organisatie aanmaken."
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
            _law_reference(rule_set, None, data)
        _refresh_law_ids(rule_set)
        _record(actor, "ruleset.create", rule_set, owner, {"title": rule_set.title, "visibility": visibility})
    return rule_set


def declare_open_term(
    rule_set: RuleSet,
    *,
    actor: Actor,
    name: str,
    label: str,
    kind: str = OpenTerm.Kind.NUMBER,
    minimum: Decimal | int | float | str | None = None,
    maximum: Decimal | int | float | str | None = None,
    choices: list[Any] | None = None,
    default: Any,
    unit: str = "",
    law_title: str,
    law_article: str,
    law_url: str,
) -> OpenTerm:
    """Declare a parameter variants may fill. Refused once a variant exists (it would change what
    the variant means)."""
    if not permissions.can_manage(actor, rule_set):
        raise _deny(actor, "ruleset.open_term", rule_set, "Alleen de eigenaar legt open normen vast.")
    if rule_set.variants.exists():
        raise Conflict("Er bestaan al varianten; open normen kunnen dan niet meer veranderen.")
    term = OpenTerm(
        rule_set=rule_set,
        name=name,
        label=label,
        kind=kind,
        minimum=None if minimum is None else Decimal(str(minimum)),
        maximum=None if maximum is None else Decimal(str(maximum)),
        choices=list(choices or []),
        default=default,
        unit=unit,
        law_title=law_title,
        law_article=law_article,
        law_url=law_url,
    )
    problem = check_term_value(term, default)
    if problem:
        raise Invalid(
            f"De standaardwaarde van '{name}' past niet: {problem}.",
            [{"field": "default", "message": problem}],
        )
    with transaction.atomic():
        OpenTerm.objects.filter(rule_set=rule_set, name=name).delete()
        term.save()
        _record(actor, "ruleset.open_term", rule_set, rule_set.owner, {"name": name})
    return term


def check_term_value(term: OpenTerm, value: Any) -> str | None:
    """Why ``value`` is not allowed for ``term`` (Dutch), or None."""
    if term.kind == OpenTerm.Kind.BOOLEAN:
        return None if isinstance(value, bool) else "verwacht ja of nee (true/false)"
    if term.kind == OpenTerm.Kind.STRING:
        if not isinstance(value, str):
            return "verwacht tekst"
        return None if not term.choices or value in term.choices else f"toegestaan is {term.range_text}"
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return "verwacht een getal"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return "verwacht een getal"
    if not number.is_finite():
        return "verwacht een eindig getal"
    if (term.minimum is not None and number < term.minimum) or (
        term.maximum is not None and number > term.maximum
    ):
        return f"toegestaan is {term.range_text}"
    return None


# ------------------------------------------------------------------------------------- versions


def add_version(
    rule_set: RuleSet,
    *,
    actor: Actor,
    dmn: bytes | str,
    imported: list[bytes | str] | None = None,
    geldig_van: dt.date,
    geldig_tot: dt.date | None = None,
    note: str = "",
    law_references: list[dict[str, Any]] | None = None,
) -> RuleVersion:
    """Store an uploaded or edited model as a new ``concept`` version (nothing stored if refused)."""
    if not permissions.can_manage(actor, rule_set):
        raise _deny(actor, "ruleversion.create", rule_set, "Alleen de eigenaar voegt versies toe.")
    _check_period(geldig_van, geldig_tot)
    upload = dmnfiles.read_upload(dmn, imported)
    with transaction.atomic():
        RuleSet.objects.select_for_update().filter(pk=rule_set.pk).first()
        number = (rule_set.versions.aggregate(m=Max("number"))["m"] or 0) + 1
        version = RuleVersion.objects.create(
            rule_set=rule_set,
            number=number,
            geldig_van=geldig_van,
            geldig_tot=geldig_tot,
            model_xml=upload.model_xml,
            imported_xml=upload.imported_xml,
            model_hash=upload.model_hash,
            note=note.strip(),
            created_by=actor.issuer if not actor.is_system else None,
        )
        previous = rule_set.versions.filter(number=number - 1).first()
        refs = (
            law_references
            if law_references is not None
            else ([r.as_dict() for r in previous.law_references.all()] if previous else [])
        )
        known = set(upload.model.decision_names)
        for data in refs:
            if data.get("decision") and data["decision"] not in known:
                raise Invalid(
                    f"De wetsverwijzing noemt beslissing '{data['decision']}', die het model niet heeft.",
                    [{"field": "law_references.decision", "message": "Onbekende beslissing."}],
                )
            _law_reference(rule_set, version, data)
        _refresh_law_ids(rule_set)
        _record(
            actor,
            "ruleversion.create",
            version,
            rule_set.owner,
            {"number": number, "model_hash": upload.model_hash},
        )
    return version


def _check_period(start: dt.date, end: dt.date | None) -> None:
    if end is not None and end < start:
        raise Invalid(
            "De geldigheid eindigt vóór ze begint.",
            [{"field": "geldig_tot", "message": "Kies een datum op of na 'geldig van'."}],
        )


def _overlap(qs: Any, start: dt.date, end: dt.date | None) -> Any:
    """Rows of ``qs`` whose [geldig_van, geldig_tot] overlaps [start, end] (None = open)."""
    condition = Q(geldig_tot__isnull=True) | Q(geldig_tot__gte=start)
    if end is not None:
        condition &= Q(geldig_van__lte=end)
    return qs.filter(condition).order_by("geldig_van").first()


def publish_version(version: RuleVersion, *, actor: Actor) -> RuleVersion:
    """Publish a concept: the engine's ``check`` must find nothing, the open terms must be input
    data of the model, and no other published version may overlap its validity period."""
    rule_set = version.rule_set
    if not permissions.can_manage(actor, rule_set):
        raise _deny(actor, "ruleversion.publish", version, "Alleen de eigenaar publiceert versies.")
    with transaction.atomic():
        RuleSet.objects.select_for_update().filter(pk=rule_set.pk).first()
        version.refresh_from_db()
        if version.status != Status.CONCEPT:
            raise Conflict(
                f"Versie {version.number} is {version.get_status_display().lower()}; alleen een concept kan worden gepubliceerd."
            )
        model = dmnfiles.compiled(version.model_hash, version.model_xml, version.imported_xml)
        problems = dmnfiles.problems_of(model)
        if problems:
            raise Invalid(
                f"Het model heeft {len(problems)} probleem/problemen; los ze op voordat u publiceert.",
                problems,
            )
        inputs = set(model.input_names)
        missing = [t.name for t in rule_set.open_terms.all() if t.name not in inputs]
        if missing:
            raise Invalid(
                "Open normen moeten input data van het model zijn: " + ", ".join(missing) + " ontbreekt.",
                [
                    {"field": "open_terms", "message": f"'{name}' is geen input data van het model."}
                    for name in missing
                ],
            )
        other = _overlap(
            rule_set.versions.filter(status=Status.PUBLISHED).exclude(pk=version.pk),
            version.geldig_van,
            version.geldig_tot,
        )
        if other is not None:
            raise Conflict(
                f"De geldigheid van versie {version.number} ({version.period_text}) overlapt met gepubliceerde "
                f"versie {other.number} ({other.period_text}). Pas een van beide perioden aan."
            )
        version.status = Status.PUBLISHED
        version.published_at = timezone.now()
        version.save(update_fields=["status", "published_at"])
        _record(actor, "ruleversion.publish", version, rule_set.owner, {"number": version.number})
    return version


def withdraw_version(version: RuleVersion, *, actor: Actor) -> RuleVersion:
    if not permissions.can_manage(actor, version.rule_set):
        raise _deny(actor, "ruleversion.withdraw", version, "Alleen de eigenaar trekt versies in.")
    with transaction.atomic():
        version.refresh_from_db()
        if version.status == Status.WITHDRAWN:
            raise Conflict(f"Versie {version.number} is al ingetrokken.")
        version.status = Status.WITHDRAWN
        version.withdrawn_at = timezone.now()
        version.save(update_fields=["status", "withdrawn_at"])
        _record(actor, "ruleversion.withdraw", version, version.rule_set.owner, {"number": version.number})
    return version


def save_edited_model(version: RuleVersion, *, actor: Actor, dmn: str) -> RuleVersion:
    """The browser editor saves: always a new concept version, with the same period and references."""
    return add_version(
        version.rule_set,
        actor=actor,
        dmn=dmn,
        imported=list(version.imported_xml),
        geldig_van=version.geldig_van,
        geldig_tot=version.geldig_tot,
        note=f"Bewerkt in de browser op basis van versie {version.number}.",
        law_references=[r.as_dict() for r in version.law_references.all()],
    )


# ------------------------------------------------------------------------------------- variants


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
        raise _deny(
            actor,
            "variant.publish",
            rule_set,
            "U mag alleen een variant voor uw eigen organisatie publiceren.",
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
    _check_period(geldig_van, geldig_tot)
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
        other = _overlap(variant.versions.filter(status=Status.PUBLISHED), geldig_van, geldig_tot)
        if other is not None:
            raise Conflict(
                f"Deze periode overlapt met versie {other.number} van de variant (vanaf {other.geldig_van:%d-%m-%Y}). "
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
        _record(actor, "variant.publish", variant, organisation, {"number": number, "terms": sorted(values)})
    return item
