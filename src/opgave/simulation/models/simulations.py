"""A simulation: version A (base) against version B (proposal) of one rule set, over a population."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class SimulationStatus(models.TextChoices):
    QUEUED = "wachtrij", "In de wachtrij"
    RUNNING = "bezig", "Bezig"
    DONE = "klaar", "Klaar"
    FAILED = "mislukt", "Mislukt"


class Simulation(models.Model):
    """One run. Each side is a version plus, optionally, a variant version (its open-term values;
    without one the open terms' defaults apply). ``decision`` is the outcome compared (a number).

    ``report`` holds aggregates only (counts and sums per group, a histogram, the largest changes
    by row number): never the population's rows. ``progress`` counts 0–100 while it runs.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rule_set = models.ForeignKey("rules.RuleSet", on_delete=models.CASCADE, related_name="simulations")
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="simulations"
    )
    title = models.CharField("titel", max_length=200)
    population = models.ForeignKey(
        "simulation.Population", on_delete=models.PROTECT, related_name="simulations"
    )
    base_version = models.ForeignKey("rules.RuleVersion", on_delete=models.PROTECT, related_name="+")
    base_variant = models.ForeignKey(
        "rules.VariantVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposal_version = models.ForeignKey("rules.RuleVersion", on_delete=models.PROTECT, related_name="+")
    proposal_variant = models.ForeignKey(
        "rules.VariantVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField("uitkomst (beslissing)", max_length=200)
    status = models.CharField(
        "status", max_length=10, choices=SimulationStatus.choices, default=SimulationStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField("voortgang (%)", default=0)
    message = models.TextField("melding", blank=True, default="")
    report = models.JSONField("rapport", null=True, blank=True)
    task_id = models.CharField("taak", max_length=64, blank=True, default="")
    attempts = models.PositiveSmallIntegerField("pogingen", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "simulatie"
        verbose_name_plural = "simulaties"

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (SimulationStatus.DONE, SimulationStatus.FAILED)
