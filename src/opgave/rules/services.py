"""Every write of the rules pillar. Each function takes ``actor`` keyword-only, decides the
permission itself (named checks in :mod:`opgave.rules.permissions`), and changes the data together
with its audit record in one transaction. Refusals are audited and raise a domain error.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from opgave.core.actors import Actor
from opgave.core.dates import nl_date
from opgave.core.exceptions import check_revision
from opgave.core.models import Organisation
from opgave.core.services import audit
from opgave.rules import dmnfiles, lawrefs, openterms, permissions
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
from opgave.rules.openterms import check_term_value


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
    values = lawrefs.clean(data, prefix="law_references.")
    return LawReference.objects.create(rule_set=rule_set, version=version, **values)


def _touch(rule_set: RuleSet) -> None:
    """A new revision of the rule set (its ETag, and the published-state cache of every process)."""
    RuleSet.objects.filter(pk=rule_set.pk).update(revision=F("revision") + 1)


def _locked(rule_set: RuleSet, expected_revision: int | None) -> RuleSet:
    """Lock the rule set's row and compare the revision the caller read (If-Match, hidden field)."""
    locked = RuleSet.objects.select_for_update().get(pk=rule_set.pk)
    check_revision(locked, expected_revision)
    return locked


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
            _law_reference(rule_set, None, data)
        _refresh_law_ids(rule_set)
        _record(actor, "ruleset.create", rule_set, owner, {"title": rule_set.title, "visibility": visibility})
    return rule_set


# ------------------------------------------------------------------------------ law references
# ADR 0045: references of the rule set as a whole belong to the rule set (editable any time,
# audited); references per decision belong to a version and change only while it is a concept.


def _reference_place(rule_set: RuleSet, version: RuleVersion | None, decision: str) -> None:
    """A decision's reference sits on a concept version that has the decision; the rule set's own
    references name no decision."""
    if version is None:
        if decision:
            raise Invalid(
                "Een verwijzing per beslissing hoort bij een versie van het model; kies de versie.",
                [{"field": "version", "message": "Kies de conceptversie waar de beslissing in staat."}],
            )
        return
    if version.rule_set_id != rule_set.pk:
        raise Invalid(
            "Deze versie hoort niet bij de regelset.", [{"field": "version", "message": "Onbekende versie."}]
        )
    if version.status != Status.CONCEPT:
        raise Conflict(
            f"Versie {version.number} is {version.get_status_display().lower()} en verandert niet meer, "
            "ook de wetsverwijzingen niet. Maak een nieuwe conceptversie (uploaden of bewerken); die neemt "
            "de verwijzingen over en daarin pas je ze aan."
        )
    if not decision:
        raise Invalid(
            "Kies de beslissing waar de verwijzing bij hoort.",
            [{"field": "decision", "message": "Kies een beslissing uit het model."}],
        )
    model = dmnfiles.compiled(version.model_hash, version.model_xml, version.imported_xml)
    if decision not in model.decision_names:
        raise Invalid(
            f"Het model van versie {version.number} heeft geen beslissing '{decision}'.",
            [{"field": "decision", "message": "Kies een beslissing uit het model."}],
        )


def add_law_reference(
    rule_set: RuleSet, *, actor: Actor, data: dict[str, Any], version: RuleVersion | None = None
) -> LawReference:
    """Add a reference to the rule set as a whole (no ``version``), or to one decision of a concept
    ``version``. Nothing is stored unless every field is right."""
    if not permissions.can_manage(actor, rule_set):
        raise _deny(
            actor, "ruleset.law_reference.add", rule_set, "Alleen de eigenaar legt wetsverwijzingen vast."
        )
    values = lawrefs.clean(data)
    with transaction.atomic():
        RuleSet.objects.select_for_update().filter(pk=rule_set.pk).first()
        if version is not None:
            version.refresh_from_db()
        _reference_place(rule_set, version, values["decision"])
        reference = LawReference.objects.create(rule_set=rule_set, version=version, **values)
        _refresh_law_ids(rule_set)
        _touch(rule_set)
        _record(
            actor,
            "ruleset.law_reference.add",
            rule_set,
            rule_set.owner,
            {"reference": reference.pk, "version": version.number if version else None, **values},
        )
    rule_set.refresh_from_db(fields=["revision", "law_ids"])
    return reference


def change_law_reference(
    reference: LawReference, *, actor: Actor, data: dict[str, Any], expected_revision: int | None
) -> LawReference:
    """Change the fields given in ``data``; ``expected_revision`` is the rule set's revision the
    caller read. A reference of a published version is refused (409)."""
    rule_set = reference.rule_set
    if not permissions.can_manage(actor, rule_set):
        raise _deny(
            actor, "ruleset.law_reference.change", rule_set, "Alleen de eigenaar wijzigt wetsverwijzingen."
        )
    unknown = sorted(set(data) - {"decision", *lawrefs.FIELDS})
    if unknown:
        raise Invalid(
            "Deze velden bestaan niet bij een wetsverwijzing: " + ", ".join(unknown) + ".",
            [{"field": name, "message": "Onbekend veld."} for name in unknown],
        )
    with transaction.atomic():
        _locked(rule_set, expected_revision)
        reference.refresh_from_db()
        old = reference.as_dict()
        values = lawrefs.clean({**old, **data})
        version = reference.version
        if version is not None:
            version.refresh_from_db()
        _reference_place(rule_set, version, values["decision"])
        for key, value in values.items():
            setattr(reference, key, value)
        reference.save()
        _refresh_law_ids(rule_set)
        _touch(rule_set)
        changes = {key: {"oud": old[key], "nieuw": values[key]} for key in data}
        _record(
            actor,
            "ruleset.law_reference.change",
            rule_set,
            rule_set.owner,
            {"reference": reference.pk, "version": version.number if version else None, "changes": changes},
        )
    rule_set.refresh_from_db(fields=["revision", "law_ids"])
    return reference


def remove_law_reference(reference: LawReference, *, actor: Actor, expected_revision: int | None) -> None:
    rule_set = reference.rule_set
    if not permissions.can_manage(actor, rule_set):
        raise _deny(
            actor, "ruleset.law_reference.remove", rule_set, "Alleen de eigenaar verwijdert wetsverwijzingen."
        )
    with transaction.atomic():
        _locked(rule_set, expected_revision)
        version = reference.version
        if version is not None:
            version.refresh_from_db()
            _reference_place(rule_set, version, reference.decision)
        removed = reference.as_dict()
        reference.delete()
        _refresh_law_ids(rule_set)
        _touch(rule_set)
        _record(
            actor,
            "ruleset.law_reference.remove",
            rule_set,
            rule_set.owner,
            {"version": version.number if version else None, **removed},
        )
    rule_set.refresh_from_db(fields=["revision", "law_ids"])


# ---------------------------------------------------------------------------------- open terms
# ADR 0046: terms may be declared, changed and removed at any time, except that a published
# variant never falls outside its term's range and a term a published variant fills stays.


def _published_variant_versions(rule_set: RuleSet) -> list[VariantVersion]:
    return list(
        VariantVersion.objects.filter(variant__rule_set=rule_set, status=Status.PUBLISHED)
        .select_related("variant__organisation")
        .order_by("variant__organisation__name", "number")
    )


def _term_from(rule_set: RuleSet, fields: dict[str, Any], base: OpenTerm | None = None) -> OpenTerm:
    """An unsaved term from ``fields`` (over ``base``'s values); Invalid lists every problem."""
    problems: list[dict[str, str]] = []
    term = OpenTerm(rule_set=rule_set)
    if base is not None:
        for name in openterms.FIELDS:
            setattr(term, name, getattr(base, name))
        term.pk = base.pk
        term._state.adding = False
    for name, value in fields.items():
        if name in ("minimum", "maximum"):
            value = openterms.decimal_or_none(value, name, problems)
        elif name == "choices":
            value = [str(c).strip() for c in (value or []) if str(c).strip()]
        elif name == "default" and isinstance(value, Decimal):
            value = openterms.plain_number(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(term, name, value)
    problems += openterms.problems_of(term)
    if problems:
        raise Invalid(
            "De open norm is niet opgeslagen: " + " ".join(p["message"] for p in problems), problems
        )
    return term


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
    """Declare a parameter variants may fill; the default lies within the range. The name is that
    of an input data element of the model: :func:`publish_version` refuses a model without it (a
    version published before the term has no such input and is not affected)."""
    if not permissions.can_manage(actor, rule_set):
        raise _deny(actor, "ruleset.open_term", rule_set, "Alleen de eigenaar legt open normen vast.")
    term = _term_from(
        rule_set,
        {
            "name": name,
            "label": label,
            "kind": kind,
            "minimum": minimum,
            "maximum": maximum,
            "choices": list(choices or []),
            "default": default,
            "unit": unit,
            "law_title": law_title,
            "law_article": law_article,
            "law_url": law_url,
        },
    )
    with transaction.atomic():
        RuleSet.objects.select_for_update().filter(pk=rule_set.pk).first()
        if rule_set.open_terms.filter(name=term.name).exists():
            raise Conflict(f"Er is al een open norm '{term.name}'. Wijzig die, of kies een andere naam.")
        term.save()
        _touch(rule_set)
        _record(
            actor,
            "ruleset.open_term",
            rule_set,
            rule_set.owner,
            {"name": term.name, "kind": term.kind, "range": term.range_text, "default": term.default},
        )
    rule_set.refresh_from_db(fields=["revision"])
    return term


def change_open_term(
    term: OpenTerm, *, actor: Actor, changes: dict[str, Any], expected_revision: int | None
) -> OpenTerm:
    """Change a term's description, range, default, unit or legal basis (not its name: that is the
    input data in the model). Refused when a published variant would fall outside the range."""
    rule_set = term.rule_set
    if not permissions.can_manage(actor, rule_set):
        raise _deny(actor, "ruleset.open_term.change", rule_set, "Alleen de eigenaar wijzigt open normen.")
    editable = set(openterms.FIELDS) - {"name"}
    unknown = sorted(set(changes) - editable)
    if unknown:
        raise Invalid(
            "Deze velden kunnen niet veranderen: " + ", ".join(unknown) + ". De naam is de input data in "
            "het model; verwijder de norm en leg een nieuwe vast om hem te veranderen.",
            [{"field": name, "message": "Dit veld kan niet veranderen."} for name in unknown],
        )
    with transaction.atomic():
        _locked(rule_set, expected_revision)
        term.refresh_from_db()
        candidate = _term_from(rule_set, changes, base=term)
        outside = openterms.out_of_range(
            candidate, openterms.filled_by(term, _published_variant_versions(rule_set))
        )
        if outside:
            raise Conflict(
                f"Zo valt {'een gepubliceerde variant' if len(outside) == 1 else 'een aantal gepubliceerde varianten'} "
                f"buiten de ruimte van '{term.name}' ({candidate.range_text}): "
                + "; ".join(str(f) for f in outside)
                + ". Die organisaties hebben hun waarde in een eigen regeling vastgesteld; laat de ruimte "
                "ruim genoeg voor hun waarde, of vraag hen eerst een nieuwe variantversie te publiceren."
            )
        old = {name: getattr(term, name) for name in changes}
        candidate.save()
        _touch(rule_set)
        _record(
            actor,
            "ruleset.open_term.change",
            rule_set,
            rule_set.owner,
            {
                "name": term.name,
                "changes": {
                    name: {"oud": _plain(old[name]), "nieuw": _plain(getattr(candidate, name))}
                    for name in changes
                },
            },
        )
    rule_set.refresh_from_db(fields=["revision"])
    return candidate


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


def remove_open_term(term: OpenTerm, *, actor: Actor, expected_revision: int | None) -> None:
    """Remove a term no published variant fills (else 409 naming the variants)."""
    rule_set = term.rule_set
    if not permissions.can_manage(actor, rule_set):
        raise _deny(actor, "ruleset.open_term.remove", rule_set, "Alleen de eigenaar verwijdert open normen.")
    with transaction.atomic():
        _locked(rule_set, expected_revision)
        filled = openterms.filled_by(term, _published_variant_versions(rule_set))
        if filled:
            raise Conflict(
                f"De open norm '{term.name}' wordt ingevuld door "
                + ("een gepubliceerde variant: " if len(filled) == 1 else "gepubliceerde varianten: ")
                + "; ".join(str(f) for f in filled)
                + ". Zolang die gelden, blijft de norm bestaan."
            )
        name = term.name
        term.delete()
        _touch(rule_set)
        _record(actor, "ruleset.open_term.remove", rule_set, rule_set.owner, {"name": name})
    rule_set.refresh_from_db(fields=["revision"])


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
                (
                    "Het model heeft 1 probleem; los het op voordat je publiceert."
                    if len(problems) == 1
                    else f"Het model heeft {len(problems)} problemen; los ze op voordat je publiceert."
                ),
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
        _record(actor, "variant.publish", variant, organisation, {"number": number, "terms": sorted(values)})
    return item
