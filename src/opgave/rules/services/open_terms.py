"""Open terms (ADR 0046): declared, changed and removed at any time, except that a published
variant never falls outside its term's range and a term a published variant fills stays.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from opgave.core.actors import Actor
from opgave.rules import openterms, permissions
from opgave.rules.errors import Conflict, Invalid
from opgave.rules.models import OpenTerm, RuleSet, Status, VariantVersion
from opgave.rules.services._common import deny, locked, record, touch


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
        raise deny(actor, "ruleset.open_term", rule_set, "Alleen de eigenaar legt open normen vast.")
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
        touch(rule_set)
        record(
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
        raise deny(actor, "ruleset.open_term.change", rule_set, "Alleen de eigenaar wijzigt open normen.")
    editable = set(openterms.FIELDS) - {"name"}
    unknown = sorted(set(changes) - editable)
    if unknown:
        raise Invalid(
            "Deze velden kunnen niet veranderen: " + ", ".join(unknown) + ". De naam is de input data in "
            "het model; verwijder de norm en leg een nieuwe vast om hem te veranderen.",
            [{"field": name, "message": "Dit veld kan niet veranderen."} for name in unknown],
        )
    with transaction.atomic():
        locked(rule_set, expected_revision)
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
        touch(rule_set)
        record(
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
        raise deny(actor, "ruleset.open_term.remove", rule_set, "Alleen de eigenaar verwijdert open normen.")
    with transaction.atomic():
        locked(rule_set, expected_revision)
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
        touch(rule_set)
        record(actor, "ruleset.open_term.remove", rule_set, rule_set.owner, {"name": name})
    rule_set.refresh_from_db(fields=["revision"])
