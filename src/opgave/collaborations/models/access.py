"""Who comes in: invitations by a facilitator and requests to join by someone outside.

An invitation by e-mail carries a random token in its link; only the SHA-256 hash of the token is
stored, the link is single-use and expires. Accepting either adds the organisation the person acts
for as a participating party (visibility follows, see ``permissions``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Wacht op antwoord"
    ACCEPTED = "accepted", "Geaccepteerd"
    DECLINED = "declined", "Afgewezen"
    WITHDRAWN = "withdrawn", "Ingetrokken"


class JoinRequest(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        "collaborations.Collaboration", on_delete=models.CASCADE, related_name="join_requests"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    motivation = models.TextField("waarom wil je meedoen?", max_length=4000)
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    reason = models.TextField("toelichting bij het besluit", blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "verzoek om deelname"
        verbose_name_plural = "verzoeken om deelname"
        constraints = [
            models.UniqueConstraint(
                fields=["collaboration", "person"],
                condition=models.Q(status="pending"),
                name="joinrequest_one_pending_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Verzoek {self.uuid}"


class Invitation(models.Model):
    """To a person on the platform, to an organisation, or to an e-mail address (with a link)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        "collaborations.Collaboration", on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "core.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField("e-mailadres", blank=True, default="")
    token_hash = models.CharField(max_length=64, blank=True, default="", db_index=True)
    message = models.TextField("bericht", blank=True, default="", max_length=4000)
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "uitnodiging"
        verbose_name_plural = "uitnodigingen"

    def __str__(self) -> str:
        return f"Uitnodiging {self.uuid}"
