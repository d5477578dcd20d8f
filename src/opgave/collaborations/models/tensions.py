"""The register of tensions and dilemmas a collaboration runs into."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class TensionKind(models.TextChoices):
    WAARDEN = "waarden", "Tussen waarden"
    HORIZONTAAL = "horizontaal", "Horizontaal (tussen gelijke partijen)"
    VERTICAAL = "verticaal", "Verticaal (tussen bestuurslagen)"
    PROGRAMMA_REGIO = "programma_regio", "Tussen programma en regio"


class Tension(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        "collaborations.Collaboration", on_delete=models.CASCADE, related_name="tensions"
    )
    kind = models.CharField("soort", max_length=16, choices=TensionKind.choices)
    title = models.CharField("titel", max_length=200)
    description = models.TextField("omschrijving", blank=True, default="")
    handling = models.TextField("hoe we ermee omgaan", blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "spanning"
        verbose_name_plural = "spanningen"

    def __str__(self) -> str:
        return self.title
