"""The two append-only, hash-chained logs.

* :class:`ProcessingLogRecord` follows the Dutch *Logboek Dataverwerkingen*
  model: one record per processing of personal data per data subject, tied to
  a W3C trace and to an entry in the register of processing activities.
* :class:`AuditRecord` is the security audit log: every authentication
  attempt, every denial and every change.

Both carry ``seq``, ``prev_hash`` and ``hash``; ``opgave audit verify``
recomputes the chain. Writes go through :mod:`opgave.core.services.logs` only.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class ProcessingActivity(models.Model):
    """An entry in the register of processing activities (AVG art. 30)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField("code", max_length=80, unique=True)
    name = models.CharField("naam", max_length=200)
    purpose = models.TextField("doel")
    legal_basis = models.CharField("grondslag", max_length=300)
    data_categories = models.JSONField("categorieën persoonsgegevens", default=list)
    retention = models.CharField("bewaartermijn", max_length=200)
    controller = models.ForeignKey(
        "core.Organisation",
        verbose_name="verwerkingsverantwoordelijke",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="processing_activities",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "verwerkingsactiviteit"
        verbose_name_plural = "verwerkingsactiviteiten"

    def __str__(self) -> str:
        return f"{self.code}: {self.name}"


class ChainedRecord(models.Model):
    seq = models.BigIntegerField(unique=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        abstract = True
        ordering = ["seq"]


class ProcessingLogRecord(ChainedRecord):
    class Status(models.TextChoices):
        OK = "ok", "Gelukt"
        ERROR = "error", "Mislukt"

    trace_id = models.CharField(max_length=32, db_index=True)
    span_id = models.CharField(max_length=16)
    parent_span_id = models.CharField(max_length=16, blank=True, default="")
    name = models.CharField(max_length=200, help_text="Naam van de verwerking, bijvoorbeeld 'dossier-inzien'.")
    status = models.CharField(max_length=8, choices=Status.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    activity = models.ForeignKey(ProcessingActivity, on_delete=models.PROTECT, related_name="records")
    data_subject = models.CharField(max_length=64, db_index=True, help_text="Gepseudonimiseerde identificatie.")
    organisation = models.ForeignKey("core.Organisation", null=True, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta(ChainedRecord.Meta):
        verbose_name = "verwerkingslogregel"
        verbose_name_plural = "verwerkingenlog"


class AuditRecord(ChainedRecord):
    class Result(models.TextChoices):
        SUCCESS = "success", "Gelukt"
        DENIED = "denied", "Geweigerd"
        FAILED = "failed", "Mislukt"

    at = models.DateTimeField(help_text="Tijdstip in UTC.")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    actor_label = models.CharField(max_length=200, help_text="Wie: gebruikersnaam, token-prefix of 'anoniem'.")
    organisation = models.ForeignKey("core.Organisation", null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=100, help_text="Wat, bijvoorbeeld 'login', 'organisation.update'.")
    object_type = models.CharField(max_length=100, blank=True, default="")
    object_id = models.CharField(max_length=64, blank=True, default="")
    result = models.CharField(max_length=8, choices=Result.choices)
    origin = models.CharField(max_length=64, blank=True, default="", help_text="IP-adres of 'cli'.")
    detail = models.JSONField(default=dict, blank=True)

    class Meta(ChainedRecord.Meta):
        verbose_name = "auditregel"
        verbose_name_plural = "auditlog"
