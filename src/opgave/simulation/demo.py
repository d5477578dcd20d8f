"""The simulation app's part of the demo: a finished simulation of zorgtoeslag 2024 against 2025
for Dienst Toeslagen (account ``daan``), over a generated population of 20.000 persons, so the
report page is there to read (and to crawl) without a worker. Idempotent."""

from __future__ import annotations

from django.utils import timezone

from opgave.core.actors import Actor
from opgave.core.demo_loader import DemoContext
from opgave.rules import reference
from opgave.rules.models import RuleSet
from opgave.simulation import services, tasks
from opgave.simulation.models import Population, Simulation, SimulationStatus

SYSTEM = Actor.system(origin="demo")
TITLE = "Zorgtoeslag 2025 tegen 2024 (demo)"


def load(context: DemoContext) -> None:
    owner = context.organisations.get("toeslagen")
    rule_set = RuleSet.objects.filter(title=reference.ZORGTOESLAG["title"], owner=owner).first()
    if owner is None or rule_set is None or Simulation.objects.filter(title=TITLE).exists():
        return
    item = services.start_simulation(
        rule_set,
        actor=SYSTEM,
        organisation=owner,
        base=services.Choice(1),
        proposal=services.Choice(2),
        decision="Zorgtoeslag per jaar",
        title=TITLE,
        size=20_000,
        seed=2025,
    )
    # Computed here rather than by a worker, so the demo shows a finished report at once; the
    # task enqueued by the service finds the simulation finished and does nothing.
    services.mark(
        item.pk,
        status=SimulationStatus.DONE,
        progress=100,
        attempts=1,
        started_at=timezone.now(),
        report=tasks.compute(item),
        finished_at=timezone.now(),
    )
    context.step("Simulatie zorgtoeslag 2024 tegen 2025 over 20.000 personen")


def reset(context: DemoContext) -> None:
    populations = list(Simulation.objects.filter(title=TITLE).values_list("population_id", flat=True))
    Simulation.objects.filter(title=TITLE).delete()
    Population.objects.filter(id__in=populations, simulations__isnull=True).delete()
