"""Signals without content and their matches (as the Verwijsindex risicojongeren does)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Signal(models.Model):
    """An organisation is concerned about a subject. Holds no content: only who and until when."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pseudonym = models.CharField(max_length=64, db_index=True)
    key_id = models.CharField(max_length=16)
    purpose = models.ForeignKey("core.ProcessingActivity", on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-registered_at"]
        verbose_name = "signaal"
        verbose_name_plural = "signalen"

    def __str__(self) -> str:
        return f"signaal {self.uuid}"


class SignalMatch(models.Model):
    """Two active signals of different organisations about the same subject."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "match"
        verbose_name_plural = "matches"
        constraints = [models.UniqueConstraint(fields=["first", "second"], name="signal_match_unique")]

    def __str__(self) -> str:
        return f"match {self.uuid}"
