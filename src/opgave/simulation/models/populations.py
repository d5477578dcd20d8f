"""A population to simulate over: generated (size and seed) or imported (a checked Parquet file)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Population(models.Model):
    """Persons to evaluate a rule set for.

    A **generated** population stores only ``size`` and ``seed``: the generator is deterministic,
    so the rows are drawn again when a simulation runs. An **imported** population stores the
    checked rows as Parquet in ``data`` (written in one transaction with the row: never half).
    Visible to the members of ``organisation`` only: an imported file may hold personal data.
    """

    class Source(models.TextChoices):
        GENERATED = "gegenereerd", "Gegenereerd uit CBS-cijfers"
        IMPORTED = "geimporteerd", "Geïmporteerd bestand"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="simulation_populations"
    )
    title = models.CharField("naam", max_length=200)
    source = models.CharField("herkomst", max_length=15, choices=Source.choices)
    size = models.PositiveIntegerField("aantal personen")
    seed = models.BigIntegerField("zaadgetal", null=True, blank=True)
    columns = models.JSONField("kolommen", default=list)
    data = models.BinaryField("rijen (Parquet)", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "populatie"
        verbose_name_plural = "populaties"

    def __str__(self) -> str:
        return self.title

    @property
    def is_generated(self) -> bool:
        return self.source == self.Source.GENERATED
