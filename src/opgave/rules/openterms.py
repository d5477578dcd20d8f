"""What an open term must look like, and which changes the published variants still allow
(ADR 0046). Pure checks — the writes are in :mod:`opgave.rules.services`.

* A term is checked as a whole: a name, a description, a kind, a range that fits the kind
  (numbers: minimum/maximum; text: a list of allowed values; yes/no: nothing), a default inside
  that range and the law article that grants the freedom, linked on an official law site.
* A change may not leave a **published variant** outside the range: the variant was adopted by
  a municipality's own regulation and cannot silently become invalid. Removal of a term a
  published variant fills is refused for the same reason. The message names the variants.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from opgave.rules import lawrefs
from opgave.rules.models import OpenTerm, VariantVersion

FIELDS = ("name", "label", "kind", "minimum", "maximum", "choices", "default", "unit", "law_title", "law_article", "law_url")  # fmt: skip
LIMITS = {"name": 100, "label": 200, "unit": 30, "law_title": 200, "law_article": 50, "law_url": 500}


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


def decimal_or_none(value: Any, field: str, problems: list[dict[str, str]]) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        problems.append({"field": field, "message": "Vul een getal in, bijvoorbeeld 110 of 2,5."})
        return None
    if not number.is_finite() or abs(number) >= Decimal(10) ** 10:
        problems.append(
            {"field": field, "message": "Vul een getal in van minder dan tien cijfers vóór de komma."}
        )
        return None
    return number


def plain_number(value: Decimal) -> int | float:
    """A number as JSON stores it: an int when it is whole."""
    return int(value) if value == value.to_integral_value() else float(value)


def problems_of(term: OpenTerm) -> list[dict[str, str]]:
    """Everything wrong with ``term`` as a whole (empty when it may be stored)."""
    problems: list[dict[str, str]] = []

    def problem(field: str, message: str) -> None:
        problems.append({"field": field, "message": message})

    for field, label in (
        ("name", "de naam (zoals de input data in het model heet)"),
        ("label", "een omschrijving"),
        ("law_title", "de regeling die de ruimte geeft"),
        ("law_article", "het artikel"),
        ("law_url", "de link naar het artikel"),
    ):
        if not str(getattr(term, field) or "").strip():
            problem(field, f"Vul {label} in.")
    for field, limit in LIMITS.items():
        if len(str(getattr(term, field) or "")) > limit:
            problem(field, f"Gebruik hoogstens {limit} tekens.")
    if term.kind not in OpenTerm.Kind.values:
        problem("kind", "Kies getal, tekst of ja/nee.")
        return problems
    if term.kind != OpenTerm.Kind.NUMBER and (term.minimum is not None or term.maximum is not None):
        problem("minimum", "Een minimum en maximum horen alleen bij een getal.")
    if term.kind != OpenTerm.Kind.STRING and term.choices:
        problem("choices", "Toegestane waarden horen alleen bij tekst.")
    if term.kind == OpenTerm.Kind.STRING and not all(isinstance(c, str) and c.strip() for c in term.choices):
        problem("choices", "Elke toegestane waarde is een tekst.")
    if term.minimum is not None and term.maximum is not None and term.minimum > term.maximum:
        problem("maximum", "Het maximum is kleiner dan het minimum.")
    if term.law_url:
        link = lawrefs.official_link_problem(term.law_url)
        if link:
            problem("law_url", link)
    if not problems:
        wrong = check_term_value(term, term.default)
        if wrong:
            problem("default", f"De standaardwaarde past niet: {wrong}.")
    return problems


@dataclass(frozen=True)
class Filled:
    """A published variant version that fills a term, with its value."""

    organisation: str
    number: int
    value: Any

    def __str__(self) -> str:
        return f"{self.organisation} (versie {self.number}, waarde {self.value})"


def filled_by(term: OpenTerm, versions: list[VariantVersion]) -> list[Filled]:
    """The published variant versions among ``versions`` that give ``term`` a value."""
    return [
        Filled(v.variant.organisation.name, v.number, v.values[term.name])
        for v in versions
        if term.name in (v.values or {})
    ]


def out_of_range(candidate: OpenTerm, filled: list[Filled]) -> list[Filled]:
    """Which of ``filled`` the changed term ``candidate`` would no longer allow."""
    return [f for f in filled if check_term_value(candidate, f.value) is not None]
