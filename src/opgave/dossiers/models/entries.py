"""Entries of a dossier: purpose-bound, with a confidentiality level, content encrypted at rest."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from opgave.dossiers.models.dossiers import Confidentiality, Dossier


class EntryKind(models.TextChoices):
    SIGNAL = "signaal", "Signaal"
    ASSESSMENT = "taxatie", "Taxatie"
    PLAN_ITEM = "planonderdeel", "Planonderdeel"
    DECISION = "besluit", "Besluit"
    NOTE = "notitie", "Notitie"
    DOCUMENT = "document", "Document"


class Entry(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField("soort", max_length=16, choices=EntryKind.choices)
    category = models.CharField("categorie", max_length=60, blank=True, default="")
    author_organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    purpose = models.ForeignKey("core.ProcessingActivity", on_delete=models.PROTECT, related_name="+")
    confidentiality = models.PositiveSmallIntegerField(
        choices=Confidentiality.choices, default=Confidentiality.NORMAAL
    )
    safety_level = models.PositiveSmallIntegerField(
        "veiligheidsniveau", null=True, blank=True, help_text="Alleen bij signalen: 1 (laag) tot 3 (acuut)."
    )
    title = models.TextField("versleutelde titel")
    body = models.TextField("versleutelde inhoud", blank=True, default="")
    document = models.CharField(max_length=255, blank=True, default="", help_text="Pad in de opslag.")
    document_name = models.TextField(blank=True, default="", help_text="Versleutelde bestandsnaam.")
    content_type = models.CharField(max_length=100, blank=True, default="")
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(db_index=True)
    retain_until = models.DateField("bewaren tot", db_index=True)
    revision = models.PositiveIntegerField(default=1, help_text="Stukken zijn onveranderlijk: altijd 1.")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "dossierstuk"
        verbose_name_plural = "dossierstukken"
        indexes = [models.Index(fields=["dossier", "-created_at", "-id"], name="entry_timeline")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.uuid}"
