"""A notification to one person, and how that person wants to receive them by e-mail."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """Shown in the bell until read; mailed at once or in the daily digest (see the person's preference).

    ``url`` is a path on this site (never personal data beyond the object's UUID); ``title`` and
    ``body`` are written by the pillar that notifies. ``actor_label`` names who caused it.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("soort", max_length=64)
    title = models.CharField("titel", max_length=300)
    body = models.TextField("toelichting", blank=True, default="")
    url = models.CharField("adres", max_length=500, blank=True, default="")
    actor_label = models.CharField("veroorzaakt door", max_length=200, blank=True, default="")
    created_at = models.DateTimeField(db_index=True)
    read_at = models.DateTimeField("gelezen op", null=True, blank=True)
    emailed_at = models.DateTimeField("gemaild op", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "melding"
        verbose_name_plural = "meldingen"
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title


class EmailMode(models.TextChoices):
    DIRECT = "direct", "Direct een e-mail bij elke melding"
    DIGEST = "digest", "Eén e-mail per dag met alle nieuwe meldingen"
    NONE = "none", "Geen e-mail; alleen in de meldingen op de site"


class NotificationPreference(models.Model):
    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_mode = models.CharField(
        "e-mail bij meldingen", max_length=8, choices=EmailMode.choices, default=EmailMode.DIRECT
    )
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "meldingsvoorkeur"
        verbose_name_plural = "meldingsvoorkeuren"

    def __str__(self) -> str:
        return f"{self.person_id}: {self.email_mode}"
