"""Every write of the simulation app. Each function takes ``actor`` keyword-only, decides the
permission itself (:mod:`opgave.simulation.permissions`) and changes the data together with its
audit record in one transaction. Refusals are audited and raise the platform's error vocabulary.

Starting a simulation checks everything first (rule set, versions, variant versions, outcome,
population file), then writes the population, the simulation and the background task in one
transaction: a refused request leaves nothing behind, an accepted one is never without its task.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone

from opgave.core.actors import Actor
from opgave.core.exceptions import Invalid, NotFound
from opgave.core.models import Organisation
from opgave.core.services import audit
from opgave.rules import evaluation as rule_evaluation
from opgave.rules import inputschema
from opgave.rules.models import RuleSet, RuleVersion, Status, VariantVersion
from opgave.simulation import permissions, populations
from opgave.simulation.engine import Side
from opgave.simulation.models import Population, Simulation, SimulationStatus
from opgave.simulation.population import generate

MAX_GENERATED = 2_000_000
MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Choice:
    """One side of a simulation as asked: a version number and optionally a variant version."""

    version: int
    variant_version: str | None = None  # the VariantVersion's uuid


def _version(
    actor: Actor, rule_set: RuleSet, choice: Choice, field: str
) -> tuple[RuleVersion, VariantVersion | None]:
    version = rule_set.versions.filter(number=choice.version).first()
    if version is None:
        raise Invalid(
            f"Regelset '{rule_set.title}' heeft geen versie {choice.version}.",
            [{"field": field, "message": f"Versie {choice.version} bestaat niet."}],
        )
    if version.status == Status.CONCEPT and not permissions.can_use_concepts(actor, rule_set):
        raise Invalid(
            f"Versie {version.number} is een concept; alleen de eigenaar van de regelset kan ermee simuleren.",
            [{"field": field, "message": "Kies een gepubliceerde versie."}],
        )
    variant_version = None
    if choice.variant_version:
        try:
            variant_version = (
                VariantVersion.objects.select_related("variant")
                .filter(variant__rule_set=rule_set, status=Status.PUBLISHED)
                .get(uuid=choice.variant_version)
            )
        except (VariantVersion.DoesNotExist, ValueError, TypeError):
            raise Invalid(
                "Deze variant bestaat niet bij deze regelset.",
                [{"field": field + "_variant", "message": "Onbekende of niet-gepubliceerde variant."}],
            ) from None
    return version, variant_version


def terms(rule_set: RuleSet, variant_version: VariantVersion | None) -> dict[str, Any]:
    """The open terms' values of one side: the variant's, else each term's default."""
    chosen = variant_version.values if variant_version is not None else {}
    return {t.name: rule_evaluation.exact(chosen.get(t.name, t.default)) for t in rule_set.open_terms.all()}


def side(rule_set: RuleSet, version: RuleVersion, variant_version: VariantVersion | None) -> Side:
    values = terms(rule_set, variant_version)
    prepared = rule_evaluation.prepare(version, list(values))
    return Side(version.model_xml, tuple(version.imported_xml), values, prepared.model)


def numeric_decisions(version: RuleVersion) -> list[str]:
    """Decisions of a version whose type is a number (what a simulation can add up); the model's
    end results first."""
    prepared = rule_evaluation.prepare(version, [])
    properties = inputschema.output_schema(prepared.model).get("properties", {})
    numbers = [n for n, s in properties.items() if "number" in (s.get("type") or [])]
    return sorted(numbers, key=lambda n: (n not in prepared.top, numbers.index(n)))


def _schemas(rule_set: RuleSet, versions: list[RuleVersion]) -> list[dict[str, Any]]:
    names = [t.name for t in rule_set.open_terms.all()]
    return [rule_evaluation.prepare(v, names).schema for v in versions]


def start_simulation(
    rule_set: RuleSet,
    *,
    actor: Actor,
    organisation: Organisation,
    base: Choice,
    proposal: Choice,
    decision: str,
    title: str = "",
    population: Population | None = None,
    size: int | None = None,
    seed: int | None = None,
    upload: tuple[str, bytes] | None = None,
) -> Simulation:
    """Check the request, store it and enqueue the run (see the module docs)."""
    if not permissions.can_simulate(actor, rule_set, organisation.id):
        raise audit.refuse(
            actor,
            "simulatie.starten",
            "Je mag deze regelset niet simuleren voor deze organisatie (lid zijn van de organisatie is nodig; "
            "een token heeft de scope simulation:write nodig).",
            object=rule_set,
        )
    base_version, base_variant = _version(actor, rule_set, base, "base")
    proposal_version, proposal_variant = _version(actor, rule_set, proposal, "proposal")
    if (base_version.pk, getattr(base_variant, "pk", None)) == (
        proposal_version.pk,
        getattr(proposal_variant, "pk", None),
    ):
        raise Invalid(
            "Basis en voorstel zijn gelijk; kies een andere versie of variant om te vergelijken.",
            [{"field": "proposal", "message": "Kies iets anders dan de basis."}],
        )
    for version, _field in ((base_version, "base"), (proposal_version, "proposal")):
        known = rule_evaluation.prepare(version, []).model.decision_names
        if decision not in known:
            raise Invalid(
                f"Versie {version.number} heeft geen beslissing '{decision}'.",
                [{"field": "decision", "message": f"Kies een van: {', '.join(known)}."}],
            )
    given = sum(x is not None for x in (population, size, upload))
    if given != 1:
        raise Invalid(
            "Kies één populatie: een bestaande, een gegenereerde (omvang en zaadgetal) of een bestand.",
            [{"field": "population", "message": "Precies één populatiebron is nodig."}],
        )
    frame: pl.DataFrame | None = None
    if population is not None and not permissions.can_use_population(actor, population):
        raise NotFound("Deze populatie bestaat niet, of je mag haar niet gebruiken.")
    if size is not None and not 1 <= size <= MAX_GENERATED:
        raise Invalid(
            f"De omvang moet tussen 1 en {MAX_GENERATED:,} personen liggen.".replace(",", "."),
            [
                {
                    "field": "size",
                    "message": "Grotere populaties simuleer je met de opdrachtregel (opgave simulate).",
                }
            ],
        )
    if seed is not None and not 0 <= seed < 2**63:
        raise Invalid(
            "Het zaadgetal moet 0 of groter zijn.",
            [{"field": "seed", "message": "Geef 0 of een positief geheel getal."}],
        )
    if upload is not None:
        filename, content = upload
        frame = populations.read(content, filename, _schemas(rule_set, [base_version, proposal_version]))
    elif population is not None and not population.is_generated:
        existing = populations.from_parquet(bytes(population.data or b""))
        missing = [
            name
            for schema in _schemas(rule_set, [base_version, proposal_version])
            for name in schema.get("required", [])
            if name not in existing.columns
        ]
        if missing:
            raise Invalid(
                "De populatie mist kolommen die deze versies nodig hebben.",
                [
                    {"field": name, "row": "", "message": f"De kolom '{name}' ontbreekt."}
                    for name in dict.fromkeys(missing)
                ],
            )
    with transaction.atomic():
        if population is None:
            if frame is not None:
                population = Population.objects.create(
                    organisation=organisation,
                    title=upload[0][:200] if upload else "Bestand",
                    source=Population.Source.IMPORTED,
                    size=frame.height,
                    columns=frame.columns,
                    data=populations.to_parquet(frame),
                    created_by=actor.issuer,
                )
            else:
                population = Population.objects.create(
                    organisation=organisation,
                    title=f"Synthetische populatie van {size:,} personen (zaadgetal {seed or 0})".replace(
                        ",", "."
                    ),
                    source=Population.Source.GENERATED,
                    size=int(size or 0),
                    seed=int(seed or 0),
                    columns=list(generate(1, 0).columns),
                    created_by=actor.issuer,
                )
            audit.record(
                actor=actor,
                action="simulatie.populatie-toevoegen",
                result=audit.SUCCESS,
                organisation=organisation,
                object=population,
                detail={"bron": population.source, "personen": population.size},
            )
        item = Simulation.objects.create(
            rule_set=rule_set,
            organisation=organisation,
            title=(
                title
                or f"{rule_set.title}: versie {base_version.number} tegen versie {proposal_version.number}"
            )[:200],
            population=population,
            base_version=base_version,
            base_variant=base_variant,
            proposal_version=proposal_version,
            proposal_variant=proposal_variant,
            decision=decision,
            created_by=actor.issuer,
        )
        from opgave.simulation.tasks import run_simulation

        result = run_simulation.enqueue(str(item.uuid))
        item.task_id = str(result.id)
        item.save(update_fields=["task_id"])
        audit.record(
            actor=actor,
            action="simulatie.starten",
            result=audit.SUCCESS,
            organisation=organisation,
            object=item,
            detail={
                "basis": base_version.number,
                "voorstel": proposal_version.number,
                "uitkomst": decision,
                "personen": population.size,
            },
        )
    return item


def reconcile(simulation: Simulation) -> Simulation:
    """Mark a simulation failed when its task is gone for good: the worker died during the last
    allowed attempt (the task is FAILED and no attempt is left). Otherwise change nothing."""
    if simulation.is_finished or not simulation.task_id:
        return simulation
    from django_tasks import default_task_backend
    from django_tasks.exceptions import TaskResultDoesNotExist

    try:
        result = default_task_backend.get_result(simulation.task_id)
    except (TaskResultDoesNotExist, ValueError, NotImplementedError):
        return simulation
    if str(result.status) == "FAILED" and simulation.attempts >= MAX_ATTEMPTS:
        Simulation.objects.filter(
            pk=simulation.pk, status__in=[SimulationStatus.QUEUED, SimulationStatus.RUNNING]
        ).update(
            status=SimulationStatus.FAILED,
            message="De verwerking is gestopt (de worker viel uit) en na "
            f"{MAX_ATTEMPTS} pogingen opgegeven. Start de simulatie opnieuw.",
            finished_at=timezone.now(),
        )
        simulation.refresh_from_db()
    return simulation


def mark(simulation_id: int, **fields: Any) -> None:
    """Update the run's fields outside any transaction, so a polling page sees them at once."""
    Simulation.objects.filter(pk=simulation_id).update(**fields)


def today() -> dt.date:
    return timezone.localdate()
