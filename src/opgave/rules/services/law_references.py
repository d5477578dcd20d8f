"""Law references (ADR 0045): those of the rule set as a whole belong to the rule set (editable
any time, audited); those per decision belong to a version and change only while it is a concept.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from opgave.core.actors import Actor
from opgave.rules import dmnfiles, lawrefs, permissions
from opgave.rules.errors import Conflict, Invalid
from opgave.rules.models import LawReference, RuleSet, RuleVersion, Status
from opgave.rules.services._common import deny, locked, record, refresh_law_ids, touch


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
        raise deny(
            actor, "ruleset.law_reference.add", rule_set, "Alleen de eigenaar legt wetsverwijzingen vast."
        )
    values = lawrefs.clean(data)
    with transaction.atomic():
        RuleSet.objects.select_for_update().filter(pk=rule_set.pk).first()
        if version is not None:
            version.refresh_from_db()
        _reference_place(rule_set, version, values["decision"])
        reference = LawReference.objects.create(rule_set=rule_set, version=version, **values)
        refresh_law_ids(rule_set)
        touch(rule_set)
        record(
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
        raise deny(
            actor, "ruleset.law_reference.change", rule_set, "Alleen de eigenaar wijzigt wetsverwijzingen."
        )
    unknown = sorted(set(data) - {"decision", *lawrefs.FIELDS})
    if unknown:
        raise Invalid(
            "Deze velden bestaan niet bij een wetsverwijzing: " + ", ".join(unknown) + ".",
            [{"field": name, "message": "Onbekend veld."} for name in unknown],
        )
    with transaction.atomic():
        locked(rule_set, expected_revision)
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
        refresh_law_ids(rule_set)
        touch(rule_set)
        changes = {key: {"oud": old[key], "nieuw": values[key]} for key in data}
        record(
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
        raise deny(
            actor, "ruleset.law_reference.remove", rule_set, "Alleen de eigenaar verwijdert wetsverwijzingen."
        )
    with transaction.atomic():
        locked(rule_set, expected_revision)
        version = reference.version
        if version is not None:
            version.refresh_from_db()
            _reference_place(rule_set, version, reference.decision)
        removed = reference.as_dict()
        reference.delete()
        refresh_law_ids(rule_set)
        touch(rule_set)
        record(
            actor,
            "ruleset.law_reference.remove",
            rule_set,
            rule_set.owner,
            {"version": version.number if version else None, **removed},
        )
    rule_set.refresh_from_db(fields=["revision", "law_ids"])
