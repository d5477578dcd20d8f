"""Starting and running a simulation: zorgtoeslag 2024 against 2025, checked against the per-case
engine row by row; refusals write nothing; the run survives a failed model with a reason."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django_tasks_db.models import DBTaskResult

from opgave.core.exceptions import Invalid, NotFound, PermissionDenied
from opgave.core.models import AuditRecord
from opgave.dmn import load_model
from opgave.rules import reference
from opgave.simulation import selectors, services, tasks
from opgave.simulation.models import Population, Simulation, SimulationStatus
from opgave.simulation.population import generate
from opgave.simulation.services import Choice

from .conftest import World

DECISION = "Zorgtoeslag per jaar"


def _start(world: World, person: Any = None, **kwargs: Any) -> Simulation:
    options = {"size": 300, "seed": 7, "decision": DECISION, **kwargs}
    return services.start_simulation(
        world.zorg,
        actor=world.actor(person or world.daan),
        organisation=world.toeslagen if person in (None, world.daan) else world.arnhem,
        base=Choice(1),
        proposal=Choice(2),
        **options,
    )


def _run(item: Simulation) -> Simulation:
    result = DBTaskResult.objects.get(id=item.task_id)
    result.claim("proef")
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["*"],
        interval=0.1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="proef",
        excluded_queue_names=[],
    ).run_task(result)
    item.refresh_from_db()
    return item


def _per_case(year: int, rows: list[dict[str, Any]]) -> list[Decimal]:
    spec = next(v for v in reference.ZORGTOESLAG["versions"] if v["year"] == year)
    model = load_model(spec["file"].read_text(encoding="utf-8"))
    inputs = ("leeftijd", "verzekerd", "toeslagpartner", "toetsingsinkomen", "vermogen")
    return [model.evaluate(DECISION, {k: row[k] for k in inputs}).value for row in rows]


def test_a_simulation_runs_as_a_task_and_its_totals_equal_the_per_case_engine(world: World) -> None:
    item = _start(world)
    assert item.status == SimulationStatus.QUEUED and item.task_id
    assert AuditRecord.objects.filter(action="simulatie.starten", actor=world.daan).exists()
    done = _run(item)
    assert done.status == SimulationStatus.DONE, done.message
    assert done.progress == 100 and done.attempts == 1
    rows = generate(300, 7).to_dicts()
    counted = [r for r in rows if r["aanvrager"]]
    base, proposal = _per_case(2024, counted), _per_case(2025, counted)
    total = done.report["totaal"]
    assert total["basis"] == int(sum(base) * 100) and total["voorstel"] == int(sum(proposal) * 100)
    assert total["verschil"] == total["voorstel"] - total["basis"]
    assert total["vooruit"] == sum(p > b for b, p in zip(base, proposal, strict=True))
    assert total["achteruit"] == sum(p < b for b, p in zip(base, proposal, strict=True))
    assert total["personen"] == len(counted)
    groups = {g["sleutel"]: g for g in done.report["indelingen"]}
    assert set(groups) == {"huishoudtype", "inkomensdecile", "provincie", "gemeente"}
    for group in groups.values():
        assert sum(r["verschil"] for r in group["rijen"]) == total["verschil"]
    largest = done.report["grootste"]
    assert largest and abs(largest[0]["verschil"]) >= abs(largest[-1]["verschil"])
    assert largest[0]["uitleg_voorstel"].startswith("Je hebt")


def test_an_outsider_may_not_simulate_a_private_rule_set_and_nothing_is_written(world: World) -> None:
    world.zorg.visibility = "eigen"
    world.zorg.save()
    with pytest.raises(PermissionDenied):
        _start(world, world.sanne)
    assert not Simulation.objects.exists() and not Population.objects.exists()
    assert AuditRecord.objects.filter(action="simulatie.starten", result="denied").exists()


def test_a_member_of_another_organisation_simulates_a_public_rule_set_and_only_they_see_it(
    world: World,
) -> None:
    item = _start(world, world.sanne)
    assert selectors.simulation(world.actor(world.sanne), item.uuid) == item
    for person in (world.daan, world.loner):
        with pytest.raises(NotFound):
            selectors.simulation(world.actor(person), item.uuid)
    assert list(selectors.simulations(world.actor(world.daan), world.zorg)) == []


def test_a_bad_population_file_names_column_and_row_and_writes_nothing(world: World) -> None:
    csv = (
        b"leeftijd,verzekerd,toeslagpartner,toetsingsinkomen\n"
        b"30,ja,nee,20000\n"
        b"veertig,ja,nee,20000\n"
        b"40,misschien,nee,-5\n"
    )
    with pytest.raises(Invalid) as caught:
        _start(world, size=None, seed=None, upload=("mensen.csv", csv))
    messages = [e["message"] for e in caught.value.errors]
    assert "De kolom 'vermogen' ontbreekt." in messages
    assert "Rij 2, kolom 'leeftijd': 'veertig' is geen getal." in messages
    assert any(m.startswith("Rij 3, kolom 'verzekerd': 'misschien' is geen ja of nee") for m in messages)
    assert "Rij 3, kolom 'toetsingsinkomen': -5 is kleiner dan het minimum 0." in messages
    assert not Simulation.objects.exists() and not Population.objects.exists()
    assert not DBTaskResult.objects.exists()


def test_an_imported_population_keeps_only_inputs_and_grouping_columns(world: World) -> None:
    csv = (
        b"bsn;leeftijd;verzekerd;toeslagpartner;toetsingsinkomen;vermogen;gemeente\n"
        b"123456782;30;ja;nee;20000;0;Arnhem\n"
        b"123456783;70;true;false;31000,50;1000;Ede\n"
    )
    item = _start(world, size=None, seed=None, upload=("mensen.csv", csv))
    assert "bsn" not in item.population.columns and "gemeente" in item.population.columns
    done = _run(item)
    assert done.status == SimulationStatus.DONE, done.message
    assert done.report["totaal"]["personen"] == 2
    by_municipality = next(g for g in done.report["indelingen"] if g["sleutel"] == "gemeente")
    assert [r["groep"] for r in by_municipality["rijen"]] == ["Arnhem", "Ede"]


def test_equal_sides_and_an_unknown_outcome_are_refused(world: World) -> None:
    with pytest.raises(Invalid, match="gelijk"):
        services.start_simulation(
            world.zorg,
            actor=world.actor(world.daan),
            organisation=world.toeslagen,
            base=Choice(1),
            proposal=Choice(1),
            decision=DECISION,
            size=10,
            seed=1,
        )
    with pytest.raises(Invalid, match="geen beslissing"):
        _start(world, decision="Kinderbijslag")
    assert not Simulation.objects.exists()


def test_a_worker_lost_on_every_attempt_marks_the_simulation_failed_with_a_reason(world: World) -> None:
    item = _start(world)
    Simulation.objects.filter(pk=item.pk).update(
        status=SimulationStatus.RUNNING, attempts=services.MAX_ATTEMPTS
    )
    DBTaskResult.objects.filter(id=item.task_id).update(status="FAILED")
    item.refresh_from_db()
    services.reconcile(item)
    assert item.status == SimulationStatus.FAILED and "worker viel uit" in item.message


def test_a_model_error_fails_the_run_with_a_readable_reason(world: World, monkeypatch: Any) -> None:
    item = _start(world)

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("kolom kapot")

    monkeypatch.setattr(tasks.engine, "evaluate", broken)
    done = _run(item)
    assert done.status == SimulationStatus.FAILED and "kolom kapot" in done.message
