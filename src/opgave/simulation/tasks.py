"""Background work of the simulation app (django-tasks; ``opgave worker`` runs it).

:data:`run_simulation` — enqueued by :func:`opgave.simulation.services.start_simulation`: draws
or reads the population, evaluates the base and the proposal in chunks (progress 0–90 %), builds
the report, explains the largest changes with the per-case engine, and stores the report.

**A worker that stops mid-run** (restart, ``kill -9``): the reaper of ``opgave worker`` marks the
task FAILED with ``WorkerLost`` and the retry policy starts it again from the beginning (the task
is idempotent: it recomputes everything and overwrites the report). After
:data:`~opgave.simulation.services.MAX_ATTEMPTS` attempts the simulation is marked failed with
that reason (:func:`~opgave.simulation.services.reconcile`), never silently lost. An error in the
model or the data fails the simulation at once, with a readable reason.

With ``OPGAVE_SIMULATION_DASK_SCHEDULER`` set, the evaluation runs on that Dask cluster.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.conf import settings
from django.utils import timezone
from django_tasks import TaskContext, task

from opgave.core.background import retry
from opgave.core.logging import get_logger
from opgave.rules import evaluation as rule_evaluation
from opgave.rules import explanation
from opgave.simulation import engine, populations, report, services
from opgave.simulation.models import Simulation, SimulationStatus
from opgave.simulation.population import generate

log = get_logger(__name__)


def load_population(simulation: Simulation) -> pl.DataFrame:
    population = simulation.population
    if population.is_generated:
        return generate(population.size, population.seed or 0)
    return populations.from_parquet(bytes(population.data or b""))


def _explain(
    rule_set: Any,
    decision: str,
    sides: list[tuple[Any, Any]],
    frame: pl.DataFrame,
    rows: list[dict[str, Any]],
) -> None:
    """Add the per-case engine's explanation of both sides to the largest changes."""
    for row in rows:
        record = frame.row(int(row["rij"]) - 1, named=True)
        texts = []
        for version, variant_version in sides:
            values = services.terms(rule_set, variant_version)
            prepared = rule_evaluation.prepare(version, list(values))
            inputs = {k: record[k] for k in prepared.schema.get("properties", {}) if k in record}
            try:
                result = rule_evaluation.run(
                    rule_set,
                    version,
                    variant_version.variant if variant_version else None,
                    variant_version,
                    inputs=inputs,
                    day=version.geldig_van,
                    decisions=[decision, *[d for d in prepared.top if d != decision]],
                    explain=True,
                    open_terms=(values, []),
                )
                texts.append(explanation.citizen(result).summary)
            except Exception as exc:  # an explanation must never fail the report
                texts.append(f"Geen uitleg: {exc}")
        row["uitleg_basis"], row["uitleg_voorstel"] = texts


def report_of(
    rule_set: Any,
    base: tuple[Any, Any],
    proposal: tuple[Any, Any],
    decision: str,
    frame: pl.DataFrame,
    *,
    progress: Any = None,
    client: Any = None,
) -> dict[str, Any]:
    """The report of ``base`` against ``proposal`` (each ``(version, variant version or None)``)
    over ``frame``; ``progress(percent)`` is called as the chunks finish (5–90 %)."""
    sides = [services.side(rule_set, *base), services.side(rule_set, *proposal)]
    outcomes = []
    for index, side in enumerate(sides):

        def step(done: int, total: int, index: int = index) -> None:
            if progress is not None:
                progress(int(5 + 85 * (index + done / max(total, 1)) / 2))

        if client is not None:
            outcomes.append(engine.evaluate_on_dask(side, frame, decision, client=client, progress=step))
        else:
            outcomes.append(engine.evaluate(side, frame, decision, progress=step))
    built = report.build(frame, outcomes[0], outcomes[1])
    _explain(rule_set, decision, [base, proposal], frame, built["grootste"])
    built["uitkomst"] = decision
    return built


def compute(simulation: Simulation, *, progress: Any = None, client: Any = None) -> dict[str, Any]:
    """The report of a stored simulation (the task, and the demo loader without a task)."""
    return report_of(
        simulation.rule_set,
        (simulation.base_version, simulation.base_variant),
        (simulation.proposal_version, simulation.proposal_variant),
        simulation.decision,
        load_population(simulation),
        progress=progress,
        client=client,
    )


PERSON_COLUMNS = (
    "huishouden",
    "aanvrager",
    "huishoudtype",
    "inkomensdecile",
    "provincie",
    "gemeentecode",
    "gemeente",
)


def person_results(simulation: Simulation) -> pl.DataFrame:
    """Per person: row number, grouping columns, and the outcome of both sides in cents.

    Recomputed from the stored population (the job keeps aggregates only, ADR 0038); the engine is
    deterministic, so the sums equal the report. No input column leaves the platform this way.
    """
    frame = load_population(simulation)
    base = engine.evaluate(
        services.side(simulation.rule_set, simulation.base_version, simulation.base_variant),
        frame,
        simulation.decision,
    )
    proposal = engine.evaluate(
        services.side(simulation.rule_set, simulation.proposal_version, simulation.proposal_variant),
        frame,
        simulation.decision,
    )
    keep = [c for c in PERSON_COLUMNS if c in frame.columns]
    return (
        frame.select(keep)
        .with_columns(
            rij=pl.int_range(1, frame.height + 1, dtype=pl.Int64),
            basis_cent=base.cast(pl.Int64),
            voorstel_cent=proposal.cast(pl.Int64),
            verschil_cent=(proposal.fill_null(0).cast(pl.Int64) - base.fill_null(0).cast(pl.Int64)),
        )
        .select(["rij", *keep, "basis_cent", "voorstel_cent", "verschil_cent"])
    )


@task(takes_context=True)
@retry(attempts=services.MAX_ATTEMPTS, backoff=5, max_backoff=60)
def run_simulation(context: TaskContext, simulation_uuid: str) -> str:
    simulation = (
        Simulation.objects.select_related("rule_set", "population", "base_version", "proposal_version")
        .filter(uuid=simulation_uuid)
        .first()
    )
    if simulation is None or simulation.is_finished:
        return "niets te doen"
    services.mark(
        simulation.pk,
        status=SimulationStatus.RUNNING,
        progress=1,
        started_at=timezone.now(),
        task_id=str(context.task_result.id),
        attempts=simulation.attempts + 1,
        message="",
    )
    scheduler = str(getattr(settings, "SIMULATION_DASK_SCHEDULER", "") or "")
    client = None
    try:
        if scheduler:
            from distributed import Client

            client = Client(scheduler)
        built = compute(
            simulation, progress=lambda p: services.mark(simulation.pk, progress=p), client=client
        )
    except Exception as exc:
        log.exception("simulation.failed", simulation=simulation_uuid)
        services.mark(
            simulation.pk,
            status=SimulationStatus.FAILED,
            message=f"De simulatie is mislukt: {str(exc)[:500]}",
            finished_at=timezone.now(),
        )
        return "mislukt"
    finally:
        if client is not None:
            client.close()
    services.mark(
        simulation.pk, status=SimulationStatus.DONE, progress=100, report=built, finished_at=timezone.now()
    )
    log.info("simulation.done", simulation=simulation_uuid, persons=built["personen_in_populatie"])
    return "klaar"
