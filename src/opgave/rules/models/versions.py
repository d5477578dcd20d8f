"""Versions of a rule set: one DMN model each, with a status and a validity period."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from opgave.core.dates import nl_date


class Status(models.TextChoices):
    CONCEPT = "concept", "Concept"
    PUBLISHED = "gepubliceerd", "Gepubliceerd"
    WITHDRAWN = "ingetrokken", "Ingetrokken"


class RuleVersion(models.Model):
    """One DMN model of a rule set. ``model_xml`` is the main model, ``imported_xml`` the models it
    imports (a list of XML texts); ``model_hash`` is the SHA-256 of the canonical form of both
    (see :func:`opgave.rules.dmnfiles.canonical_hash`). A published version never changes: the
    services refuse it, and the receipts of its evaluations name its hash.

    Validity: ``geldig_van`` inclusive, ``geldig_tot`` inclusive (``None`` = open-ended).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rule_set = models.ForeignKey("rules.RuleSet", on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("versienummer")
    status = models.CharField("status", max_length=15, choices=Status.choices, default=Status.CONCEPT)
    geldig_van = models.DateField("geldig van")
    geldig_tot = models.DateField("geldig tot en met", null=True, blank=True)
    model_xml = models.TextField("DMN-model")
    imported_xml = models.JSONField("geïmporteerde modellen", default=list, blank=True)
    model_hash = models.CharField("SHA-256 van het canonieke model", max_length=64)
    note = models.TextField("toelichting", blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField("gepubliceerd op", null=True, blank=True)
    withdrawn_at = models.DateTimeField("ingetrokken op", null=True, blank=True)

    class Meta:
        ordering = ["rule_set", "number"]
        verbose_name = "regelversie"
        verbose_name_plural = "regelversies"
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "number"], name="ruleversion_unique_number")
        ]
        indexes = [models.Index(fields=["rule_set", "status", "geldig_van"], name="ruleversion_validity")]

    def __str__(self) -> str:
        return f"{self.rule_set} versie {self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @property
    def period_text(self) -> str:
        start = nl_date(self.geldig_van)
        end = nl_date(self.geldig_tot) if self.geldig_tot else "onbepaalde tijd"
        return f"{start} tot en met {end}" if self.geldig_tot else f"vanaf {start}, zonder einddatum"
