"""Versions of a rule set: upload or edit as a concept, publish, withdraw."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from opgave.core.actors import Actor
from opgave.rules import dmnfiles, permissions
from opgave.rules.errors import Conflict, Invalid
from opgave.rules.models import RuleSet, RuleVersion, Status
from opgave.rules.services._common import (
    check_period,
    deny,
    new_law_reference,
    overlap,
    record,
    refresh_law_ids,
)


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
        raise deny(actor, "ruleversion.create", rule_set, "Alleen de eigenaar voegt versies toe.")
    check_period(geldig_van, geldig_tot)
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
            new_law_reference(rule_set, version, data)
        refresh_law_ids(rule_set)
        record(
            actor,
            "ruleversion.create",
            version,
            rule_set.owner,
            {"number": number, "model_hash": upload.model_hash},
        )
    return version


def publish_version(version: RuleVersion, *, actor: Actor) -> RuleVersion:
    """Publish a concept: the engine's ``check`` must find nothing, the open terms must be input
    data of the model, and no other published version may overlap its validity period."""
    rule_set = version.rule_set
    if not permissions.can_manage(actor, rule_set):
        raise deny(actor, "ruleversion.publish", version, "Alleen de eigenaar publiceert versies.")
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
        other = overlap(
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
        record(actor, "ruleversion.publish", version, rule_set.owner, {"number": version.number})
    return version


def withdraw_version(version: RuleVersion, *, actor: Actor) -> RuleVersion:
    if not permissions.can_manage(actor, version.rule_set):
        raise deny(actor, "ruleversion.withdraw", version, "Alleen de eigenaar trekt versies in.")
    with transaction.atomic():
        version.refresh_from_db()
        if version.status == Status.WITHDRAWN:
            raise Conflict(f"Versie {version.number} is al ingetrokken.")
        version.status = Status.WITHDRAWN
        version.withdrawn_at = timezone.now()
        version.save(update_fields=["status", "withdrawn_at"])
        record(actor, "ruleversion.withdraw", version, version.rule_set.owner, {"number": version.number})
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
