"""Evaluating a rule set for one case (or many), with receipts and a processing-log record.

Inputs are **not stored**: they may be personal data. The processing log
(*Logboek Dataverwerkingen*) gets one record per evaluation (one per chunk of a batch, see :mod:`opgave.rules.batch`) naming the processing
activity :data:`ACTIVITY`, the caller and — as pseudonymised data subject — the receipt hash;
never the inputs.

Without ``decisions`` the result holds every decision that no other decision uses (the model's
end results). Open terms are never given by the caller: they come from the named variant, else
from their default, and :attr:`Evaluation.sources` says which.
"""

from __future__ import annotations

import datetime as dt
import decimal
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from opgave.core.actors import Actor
from opgave.core.models import ProcessingActivity
from opgave.core.services import logs
from opgave.dmn import Model
from opgave.dmn.jsonvalues import to_json
from opgave.rules import dmnfiles, inputschema, permissions, published, receipts, selectors
from opgave.rules.errors import Forbidden, Invalid
from opgave.rules.models import RuleSet, RuleVersion, Variant, VariantVersion

ACTIVITY = "regels-evalueren"


@dataclass(frozen=True)
class Prepared:
    """What evaluation needs about a version, computed once per model and open terms."""

    model: Model
    schema: dict[str, Any]
    top: list[str]
    validator: Any = None
    #: a fast sufficient check of the inputs (:func:`inputschema.quick_check`), None if not flat
    quick: Any = None


_prepared: dict[tuple[str, tuple[str, ...]], Prepared] = {}
_lock = threading.Lock()


def prepare(version: RuleVersion, open_terms: Iterable[str]) -> Prepared:
    terms = tuple(sorted(open_terms))
    key = (version.model_hash, terms)
    found = _prepared.get(key)
    if found is not None:
        return found
    model = dmnfiles.compiled(version.model_hash, version.model_xml, version.imported_xml)
    used = {ref.id for d in model.definitions.decisions for ref in d.required_decisions}
    top = [d.name for d in model.definitions.decisions if d.id not in used]
    schema = inputschema.input_schema(model, set(terms), version.rule_set.title)
    prepared = Prepared(
        model, schema, top, inputschema.validator_for(schema), inputschema.quick_check(schema)
    )
    with _lock:
        if len(_prepared) > 256:
            _prepared.clear()
        _prepared[key] = prepared
    return prepared


@dataclass
class Evaluation:
    rule_set: RuleSet
    version: RuleVersion
    variant: Variant | None
    variant_version: VariantVersion | None
    day: dt.date
    decisions: list[str]
    outputs: dict[str, Any]
    messages: list[str]
    sources: list[dict[str, Any]]
    receipt: dict[str, Any]
    trace: list[dict[str, Any]] | None = None
    warnings: list[str] = field(default_factory=list)


def exact(value: Any) -> Any:
    """JSON floats to Decimal through their shortest text (0.1 stays 0.1), recursively."""
    if isinstance(value, float):
        return decimal.Decimal(repr(value))
    if isinstance(value, dict):
        return {k: exact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [exact(v) for v in value]
    return value


def open_term_values(
    rule_set: RuleSet, variant_version: VariantVersion | None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The open terms' values and where each came from; computed once per rule-set revision and
    variant version (read-only: callers copy before they change them)."""
    cached = published.state(rule_set)
    key = variant_version.pk if variant_version is not None else None
    found = cached.term_values.get(key)
    if found is not None:
        return found
    values: dict[str, Any] = {}
    sources: list[dict[str, Any]] = []
    chosen = variant_version.values if variant_version is not None else {}
    for term in cached.terms:
        from_variant = term.name in chosen
        value = chosen[term.name] if from_variant else term.default
        values[term.name] = exact(value)
        sources.append(
            {
                "naam": term.name,
                "omschrijving": term.label,
                "waarde": value,
                "eenheid": term.unit,
                "bron": "variant" if from_variant else "landelijk model",
                "regeling": variant_version.regulation_title
                if from_variant and variant_version
                else term.law_title,
                "link": variant_version.regulation_url if from_variant and variant_version else term.law_url,
                "grondslag": f"{term.law_title}, artikel {term.law_article}",
            }
        )
    cached.term_values[key] = (values, sources)
    return values, sources


def _decisions(prepared: Prepared, asked: list[str] | None) -> list[str]:
    if not asked:
        return list(prepared.top)
    known = set(prepared.model.decision_names)
    unknown = [name for name in asked if name not in known]
    if unknown:
        raise Invalid(
            ("Onbekende beslissing: " if len(unknown) == 1 else "Onbekende beslissingen: ")
            + ", ".join(unknown)
            + ".",
            [{"field": "decisions", "message": f"'{n}' is geen beslissing van dit model."} for n in unknown],
        )
    return list(dict.fromkeys(asked))


def resolve(
    rule_set: RuleSet,
    *,
    day: dt.date,
    variant_id: str | None,
    version_number: int | None = None,
    variant_version_number: int | None = None,
) -> tuple[RuleVersion, Variant | None, VariantVersion | None]:
    """The version (by date, or pinned by number for a receipt) and the variant version."""
    version = (
        selectors.version(rule_set, version_number)
        if version_number is not None
        else published.version_on(rule_set, day)
    )
    variant = published.variant(rule_set, variant_id) if variant_id else None
    variant_version = None
    if variant is not None:
        variant_version = (
            selectors.variant_version(variant, variant_version_number)
            if variant_version_number is not None
            else published.variant_version_on(rule_set, variant, day)
        )
    return version, variant, variant_version


def run(
    rule_set: RuleSet,
    version: RuleVersion,
    variant: Variant | None,
    variant_version: VariantVersion | None,
    *,
    inputs: Any,
    day: dt.date,
    decisions: list[str] | None = None,
    explain: bool = False,
    field_prefix: str = "inputs",
    open_terms: tuple[dict[str, Any], list[dict[str, Any]]] | None = None,
) -> Evaluation:
    """Evaluate without checks or logging (the callers below do those). ``open_terms`` is the
    result of :func:`open_term_values`, when the caller evaluates many rows with the same variant."""
    terms, sources = open_terms if open_terms is not None else open_term_values(rule_set, variant_version)
    prepared = prepare(version, terms)
    quick = prepared.quick is not None and prepared.quick(inputs)
    problems = [] if quick else inputschema.field_errors(prepared.schema, inputs, prepared.validator)
    if problems:
        for problem in problems:
            problem["field"] = field_prefix + problem["field"][len("inputs") :]
        raise Invalid(
            "De invoer past niet bij het schema van deze versie: "
            + "; ".join(f"{p['field']}: {p['message']}" for p in problems[:5])
            + ".",
            problems,
        )
    names = _decisions(prepared, decisions)
    given = {**exact(inputs), **terms}
    outputs: dict[str, Any] = {}
    messages: list[str] = []
    trace: list[dict[str, Any]] | None = [] if explain else None
    for name in names:
        result = prepared.model.evaluate(name, given, explain=explain, convert=True)
        outputs[name] = to_json(result.value, exact=True)
        messages.extend(m for m in result.messages if m not in messages)
        if trace is not None and result.trace:
            trace.extend(result.trace)
    receipt = receipts.issue(
        rule_set_id=str(rule_set.uuid),
        version=version.number,
        model_hash=version.model_hash,
        variant_id=str(variant.uuid) if variant else None,
        variant_version=variant_version.number if variant_version else None,
        day=day,
        inputs=inputs,
        decisions=names,
        outputs=outputs,
        at=timezone.now(),
    )
    receipt["uitkomsten"] = receipts.plain(outputs)
    return Evaluation(
        rule_set, version, variant, variant_version, day, names, outputs, messages, sources, receipt, trace
    )


def _register() -> None:
    """Put the register entry of evaluations back. Its migration registers it; a database emptied
    since (a test flush, a restore of the core tables only) gets it back instead of a 500."""
    ProcessingActivity.objects.get_or_create(
        code=ACTIVITY,
        defaults={
            "name": "Beslissingen nemen met gedeelde regels",
            "purpose": (
                "Een uitvoerende organisatie laat een beslissing nemen met een gepubliceerde regelset; "
                "de invoer wordt niet bewaard, alleen de hash van de bon en wie de vraag stelde."
            ),
            "legal_basis": "De wettelijke taak van de vragende organisatie (AVG art. 6 lid 1 onder e)",
            "data_categories": ["hash van de bon van een beslissing"],
            "retention": "Zolang het verwerkingenlog wordt bewaard",
        },
    )


def log(actor: Actor, request: HttpRequest | None, subject: str, name: str) -> None:
    """One processing record: the register entry is looked up once per process (by its code)."""
    fields: dict[str, Any] = {
        "activity": ACTIVITY,
        "name": name,
        "data_subject": subject,
        "data_subject_kind": "bon",
        "request": request,
        "organisation": actor.organisation,
        "actor": actor.person,
    }
    try:
        record = logs.processing_record(**fields)
    except LookupError:
        _register()
        record = logs.processing_record(**fields)
    logs.log_processings([record])


def check(actor: Actor, rule_set: RuleSet) -> None:
    if not permissions.can_evaluate(actor, rule_set):
        raise Forbidden(
            "Je mag met deze regelset geen beslissingen laten nemen (scope rules:evaluate ontbreekt)."
        )


def evaluate(
    rule_set: RuleSet,
    *,
    actor: Actor,
    inputs: Any,
    day: dt.date | None = None,
    variant_id: str | None = None,
    decisions: list[str] | None = None,
    explain: bool = False,
    request: HttpRequest | None = None,
) -> Evaluation:
    """Evaluate one case; logs the processing (receipt hash and caller, never the inputs)."""
    check(actor, rule_set)
    day = day or timezone.localdate()
    version, variant, variant_version = resolve(rule_set, day=day, variant_id=variant_id)
    result = run(
        rule_set,
        version,
        variant,
        variant_version,
        inputs=inputs,
        day=day,
        decisions=decisions,
        explain=explain,
    )
    log(actor, request, receipts.receipt_hash(result.receipt), f"regels.evalueren bon {result.receipt['id']}")
    return result


def verify(
    receipt: dict[str, Any], inputs: Any, *, actor: Actor, request: HttpRequest | None = None
) -> dict[str, Any]:
    """Check a receipt's signature and inputs hash, evaluate again with the version and variant
    version it names (not the one valid today) and compare the outputs."""
    signature = receipts.signature_valid(receipt)
    inputs_match = receipts.sha256(inputs) == receipt.get("invoer_hash")
    rule_set = selectors.rule_set(actor, str(receipt.get("regelset") or ""))
    check(actor, rule_set)
    try:
        version_number = int(receipt.get("versie") or 0)
        variant_number = receipt.get("variant_versie")
        day = dt.date.fromisoformat(str(receipt.get("datum")))
    except (TypeError, ValueError):
        raise Invalid(
            "De bon is onvolledig: versie of datum ontbreekt.",
            [{"field": "receipt", "message": "Onvolledige bon."}],
        ) from None
    version, variant, variant_version = resolve(
        rule_set,
        day=day,
        variant_id=receipt.get("variant"),
        version_number=version_number,
        variant_version_number=int(variant_number) if variant_number is not None else None,
    )
    differences: list[str] = []
    if version.model_hash != receipt.get("model_hash"):
        differences.append("het model van deze versie heeft een andere hash dan de bon noemt")
    result = run(
        rule_set,
        version,
        variant,
        variant_version,
        inputs=inputs,
        day=day,
        decisions=list(receipt.get("beslissingen") or []),
    )
    now = receipts.plain(result.outputs)
    then = receipts.plain(receipt.get("uitkomsten") or {})
    for name in sorted(set(now) | set(then)):
        if now.get(name) != then.get(name):
            differences.append(f"'{name}': nu {now.get(name)!r}, op de bon {then.get(name)!r}")
    if not signature:
        differences.insert(
            0, "de handtekening klopt niet (de bon is gewijzigd of met een onbekende sleutel getekend)"
        )
    if not inputs_match:
        differences.insert(0, "de invoer heeft niet de hash die op de bon staat")
    reproduces = signature and inputs_match and not differences
    log(actor, request, receipts.receipt_hash(receipt), "regels.bon-controleren")
    return {
        "handtekening_geldig": signature,
        "invoer_klopt": inputs_match,
        "reproduceert": reproduces,
        "verschillen": differences,
        "uitkomsten": result.outputs,
    }
