"""The one shared plan of a dossier: strengths, concerns, goals and actions."""

from __future__ import annotations

import uuid

from django.db import models

from opgave.dossiers.models.dossiers import Dossier


class PlanItem(models.Model):
    class Section(models.TextChoices):
        STRENGTH = "kracht", "Kracht"
        CONCERN = "zorg", "Zorg"
        GOAL = "doel", "Doel"
        ACTION = "actie", "Actie"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        BUSY = "bezig", "Bezig"
        DONE = "klaar", "Klaar"
        STOPPED = "gestopt", "Gestopt"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="plan_items")
    section = models.CharField("onderdeel", max_length=8, choices=Section.choices)
    text = models.TextField("versleutelde tekst")
    goal = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="actions", verbose_name="doel"
    )
    owner = models.ForeignKey(
        "core.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField("uiterlijk", null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["section", "created_at", "id"]
        verbose_name = "planonderdeel"
        verbose_name_plural = "plan"

    def __str__(self) -> str:
        return f"{self.get_section_display()} {self.uuid}"
