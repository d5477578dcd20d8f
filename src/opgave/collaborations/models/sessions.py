"""Sessions (focus sessions, *botsproef*): answer independently, reveal, consent."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class SessionKind(models.TextChoices):
    FOCUSSESSIE = "focussessie", "Focussessie"
    BOTSPROEF = "botsproef", "Botsproef"


class SessionStatus(models.TextChoices):
    OPEN = "open", "Open: deelnemers schrijven"
    REVEALED = "revealed", "Onthuld: naar een gedeelde formulering"
    AGREED = "agreed", "Vastgesteld"


class Session(models.Model):
    """Answers stay invisible to everyone but their author while ``status == open``.

    ``proposal`` is the shared formulation the group drafts after the reveal
    (``{"opgave": str, "bedoeling": str, "parties": [str]}``); it is edited with If-Match on
    ``revision``; consents are given to one revision of it, so an edit asks everybody again while
    earlier consents and objections (with their reasons) stay on record.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        "collaborations.Collaboration", on_delete=models.CASCADE, related_name="sessions"
    )
    kind = models.CharField(
        "soort", max_length=16, choices=SessionKind.choices, default=SessionKind.FOCUSSESSIE
    )
    title = models.CharField("titel", max_length=200)
    steps = models.JSONField("stappen", default=list)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitated_sessions"
    )
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="collaboration_sessions")
    status = models.CharField(max_length=16, choices=SessionStatus.choices, default=SessionStatus.OPEN)
    proposal = models.JSONField("gedeelde formulering", default=dict, blank=True)
    divergence = models.JSONField("divergentie bij onthulling", default=dict, blank=True)
    opened_at = models.DateTimeField()
    revealed_at = models.DateTimeField(null=True, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)
    closes_at = models.DateTimeField(
        "sluit op",
        null=True,
        blank=True,
        help_text="Na dit moment kunnen deelnemers hun antwoord niet meer geven of wijzigen.",
    )
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = "sessie"
        verbose_name_plural = "sessies"

    def __str__(self) -> str:
        return self.title


class SessionAnswer(models.Model):
    """One participant's independent answer: their formulation of the opgave and the parties they name."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    formulation = models.TextField("formulering van de opgave")
    parties = models.JSONField("partijen die betrokken moeten zijn", default=list)
    submitted_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session", "submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["session", "author"], name="sessionanswer_unique_author")
        ]

    def __str__(self) -> str:
        return f"Antwoord van {self.author} in {self.session}"


class Consent(models.Model):
    class Decision(models.TextChoices):
        AGREE = "agree", "Akkoord"
        OBJECT = "object", "Bezwaar"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="consents")
    participant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(max_length=8, choices=Decision.choices)
    reason = models.TextField(blank=True, default="")
    proposal_revision = models.PositiveIntegerField()
    at = models.DateTimeField()

    class Meta:
        ordering = ["session", "at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant", "proposal_revision"], name="consent_unique_per_revision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} van {self.participant} in {self.session}"
