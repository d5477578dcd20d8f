"""What the workers keep in the database: heartbeats, claimed schedule periods, attempt numbers."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per running ``opgave worker``, touched every few seconds while it lives."""

    worker_id = models.CharField("worker-id", max_length=64, unique=True)
    hostname = models.CharField("machine", max_length=255, blank=True)
    pid = models.IntegerField("proces-id", default=0)
    started_at = models.DateTimeField("gestart op")
    seen_at = models.DateTimeField("laatst gezien op", db_index=True)

    class Meta:
        verbose_name = "hartslag van een worker"
        verbose_name_plural = "hartslagen van workers"

    def __str__(self) -> str:
        return self.worker_id


class ScheduledRun(models.Model):
    """A claimed period of a schedule entry: the unique key makes "once per period" hold across workers."""

    key = models.CharField("sleutel", max_length=255, unique=True)
    schedule_key = models.CharField("taak in het schema", max_length=200)
    period_start = models.DateTimeField("begin van de periode")
    task_id = models.CharField("taak-id", max_length=64)
    created_at = models.DateTimeField("ingepland op", auto_now_add=True)

    class Meta:
        verbose_name = "ingeplande periodieke taak"
        verbose_name_plural = "ingeplande periodieke taken"

    def __str__(self) -> str:
        return self.key


class TaskAttempt(models.Model):
    """The attempt number of a retried task (a first attempt has no row)."""

    task_id = models.CharField("taak-id", max_length=64, unique=True)
    first_task_id = models.CharField("taak-id van de eerste poging", max_length=64, db_index=True)
    attempt = models.PositiveIntegerField("poging")
    previous_task_id = models.CharField("taak-id van de vorige poging", max_length=64)
    created_at = models.DateTimeField("aangemaakt op", auto_now_add=True)

    class Meta:
        verbose_name = "herhaalpoging"
        verbose_name_plural = "herhaalpogingen"

    def __str__(self) -> str:
        return f"{self.first_task_id} #{self.attempt}"
