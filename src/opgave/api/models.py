"""The API's own table: remembered responses to POSTs with an ``Idempotency-Key``."""

from __future__ import annotations

from django.db import models


class IdempotencyRecord(models.Model):
    """One (caller, key) pair and the response it produced; see :mod:`opgave.api.idempotency`."""

    actor_key = models.CharField(max_length=64, help_text="person:<id> of token:<id>.")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=500)
    request_hash = models.CharField(max_length=64, help_text="SHA-256 van methode, pad en inhoud.")
    status = models.PositiveSmallIntegerField()
    body = models.TextField(blank=True, default="")
    headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        app_label = "api"
        verbose_name = "idempotentieregel"
        verbose_name_plural = "idempotentieregels"
        constraints = [
            models.UniqueConstraint(fields=["actor_key", "key"], name="idempotency_unique_actor_key"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_key} {self.key}"


class RateCounter(models.Model):
    """Requests of one caller in one rate-limit window, counted in the database (all instances share it)."""

    key = models.CharField(max_length=200, unique=True, help_text="<aanroeper>:<venster>.")
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        app_label = "api"
        verbose_name = "tellerstand rate-limit"
        verbose_name_plural = "tellerstanden rate-limit"

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
