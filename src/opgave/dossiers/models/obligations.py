"""Obligations derived from a dossier's state by its decision model (constraints, not a process)."""

from __future__ import annotations

import uuid

from django.db import models

from opgave.dossiers.models.dossiers import Dossier


class Obligation(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "voldaan", "Voldaan"
        LAPSED = "vervallen", "Vervallen"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="obligations")
    code = models.CharField(max_length=60)
    entry = models.ForeignKey(
        "dossiers.Entry",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Het stuk waaraan de verplichting hangt; wie dat stuk niet ziet, ziet de verplichting niet.",
    )
    anchor = models.CharField(max_length=64, help_text="Waaraan de verplichting hangt (signaal, dossier).")
    title = models.CharField(max_length=200)
    responsible_role = models.CharField(max_length=40, blank=True, default="")
    responsible = models.ForeignKey(
        "core.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    rule_model = models.CharField(max_length=200)
    rule_id = models.CharField(max_length=100)
    explanation = models.JSONField(default=dict)
    derived_at = models.DateTimeField()
    fulfilled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = "verplichting"
        verbose_name_plural = "verplichtingen"
        constraints = [
            models.UniqueConstraint(fields=["dossier", "code", "anchor"], name="obligation_unique_anchor")
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_status_display()})"
