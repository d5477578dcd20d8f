"""API tokens: per organisation, hashed at rest, scoped, expiring and revocable."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="api_tokens")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField("naam", max_length=200)
    prefix = models.CharField(
        max_length=12, unique=True, help_text="Zichtbaar begin van het token, om het te herkennen."
    )
    token_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 van het volledige token.")
    scopes = models.JSONField(default=list)
    expires_at = models.DateTimeField("verloopt op")
    revoked_at = models.DateTimeField("ingetrokken op", null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API-token"
        verbose_name_plural = "API-tokens"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
