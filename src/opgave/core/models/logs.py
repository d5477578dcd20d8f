"""The two append-only, hash-chained logs.

* :class:`ProcessingLogRecord` follows the Dutch *Logboek Dataverwerkingen*
  model: one record per processing of personal data per data subject, tied to
  a W3C trace and to an entry in the register of processing activities.
* :class:`AuditRecord` is the security audit log: every authentication
  attempt, every denial and every change.

Both carry ``seq``, ``prev_hash`` and ``hash``; ``opgave audit verify``
recomputes the chain. Writes go through :mod:`opgave.core.services.audit` and
:mod:`opgave.core.services.logs` only. The models refuse updates and deletes
through the ORM; on PostgreSQL a trigger (migration ``0002``) refuses them in SQL.

References to people and organisations are kept without a database constraint
(``db_constraint=False``, ``DO_NOTHING``): deleting a person must not rewrite
(or be blocked by) the history that names them.
"""

from __future__ import annotations

import uuid
from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove a record of an append-only log."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__}: records cannot be updated (append-only log).")

    def delete(self) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__}: records cannot be deleted (append-only log).")

    def bulk_update(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(f"{self.model.__name__}: records cannot be updated (append-only log).")


class ProcessingActivity(models.Model):
    """An entry in the register of processing activities (AVG art. 30)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField("code", max_length=80, unique=True)
    name = models.CharField("naam", max_length=200)
    purpose = models.TextField("doel")
    legal_basis = models.CharField("grondslag", max_length=300)
    data_categories = models.JSONField("categorieën persoonsgegevens", default=list, blank=True)
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
    """A record in a hash chain: ``hash = sha256(prev_hash + canonical JSON of the fields)``."""

    seq = models.BigIntegerField(unique=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    #: the log's name in :class:`LogHead` and in ``opgave audit verify --log``.
    LOG_NAME: ClassVar[str] = ""

    class Meta:
        abstract = True
        ordering = ["seq"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(
                f"{type(self).__name__} #{self.seq}: records cannot be changed (append-only log)."
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError(
            f"{type(self).__name__} #{self.seq}: records cannot be deleted (append-only log)."
        )


class LogHead(models.Model):
    """The head of one hash chain: last sequence number and hash.

    Appending locks this row first (an ``UPDATE`` on the row), which serialises
    concurrent appends on PostgreSQL (row lock) and on SQLite (write lock). It
    also lets ``audit verify`` notice a deleted *last* record.
    """

    log = models.CharField(max_length=32, primary_key=True)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = "kop van een logketen"
        verbose_name_plural = "koppen van logketens"

    def __str__(self) -> str:
        return f"{self.log}: #{self.seq}"


class ProcessingLogRecord(ChainedRecord):
    """One processing of personal data about one data subject (Logboek Dataverwerkingen)."""

    LOG_NAME = "processing"

    class Status(models.TextChoices):
        OK = "ok", "Gelukt"
        ERROR = "error", "Mislukt"

    trace_id = models.CharField(max_length=32, db_index=True)
    span_id = models.CharField(max_length=16)
    parent_span_id = models.CharField(max_length=16, blank=True, default="")
    name = models.CharField(
        max_length=200, help_text="Naam van de verwerking, bijvoorbeeld 'dossier-inzien'."
    )
    status = models.CharField(max_length=8, choices=Status.choices)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField()
    activity = models.ForeignKey(
        ProcessingActivity, on_delete=models.DO_NOTHING, db_constraint=False, related_name="records"
    )
    data_subject = models.CharField(
        max_length=64, db_index=True, help_text="Gepseudonimiseerde identificatie (HMAC)."
    )
    data_subject_type = models.CharField(
        max_length=32, default="bsn", help_text="Soort identificatie van de betrokkene, bijvoorbeeld 'bsn'."
    )
    organisation = models.ForeignKey(
        "core.Organisation", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    class Meta(ChainedRecord.Meta):
        verbose_name = "verwerkingslogregel"
        verbose_name_plural = "verwerkingenlog"

    def __str__(self) -> str:
        return f"#{self.seq} {self.name} ({self.status})"


class AuditRecord(ChainedRecord):
    """Security audit log: who did what, to which object, with which result, from where, when."""

    LOG_NAME = "audit"

    class Result(models.TextChoices):
        SUCCESS = "success", "Gelukt"
        DENIED = "denied", "Geweigerd"
        FAILED = "failed", "Mislukt"

    at = models.DateTimeField(help_text="Tijdstip in UTC.")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(
        max_length=200, help_text="Wie: gebruikersnaam, token-prefix of 'anoniem'."
    )
    organisation = models.ForeignKey(
        "core.Organisation", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    action = models.CharField(
        max_length=100, db_index=True, help_text="Wat, bijvoorbeeld 'login', 'organisation.update'."
    )
    object_type = models.CharField(max_length=100, blank=True, default="")
    object_id = models.CharField(max_length=64, blank=True, default="")
    result = models.CharField(max_length=8, choices=Result.choices)
    origin = models.CharField(max_length=64, blank=True, default="", help_text="IP-adres of 'cli'.")
    detail = models.JSONField(default=dict, blank=True)

    class Meta(ChainedRecord.Meta):
        verbose_name = "auditregel"
        verbose_name_plural = "auditlog"

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.result}"
