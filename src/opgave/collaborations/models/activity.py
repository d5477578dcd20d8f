"""What happens in a collaboration: activity log, goals with progress, lessons."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class ActivityKind(models.TextChoices):
    MEETING = "meeting", "Overleg"
    SESSION = "session", "Sessie"
    MESSAGE = "message", "Bericht"
    DECISION = "decision", "Besluit"
    VERSION = "version", "Nieuwe ontwerpversie"
    GOAL_PROGRESS = "goal_progress", "Voortgang op een doel"


class Activity(models.Model):
    """One event in the activity log; the input of the idling index."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        "collaborations.Collaboration", on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField("soort", max_length=16, choices=ActivityKind.choices)
    title = models.CharField("titel", max_length=200)
    description = models.TextField("omschrijving", blank=True, default="")
    occurred_at = models.DateTimeField("moment")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = "activiteit"
        verbose_name_plural = "activiteiten"

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    """A goal (*opbrengst*) with an indicator: progress runs from ``baseline`` to ``target``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        "collaborations.Collaboration", on_delete=models.CASCADE, related_name="goals"
    )
    title = models.CharField("doel", max_length=200)
    indicator = models.CharField("indicator", max_length=200)
    unit = models.CharField("eenheid", max_length=40, blank=True, default="")
    baseline = models.FloatField("beginwaarde", default=0)
    target = models.FloatField("streefwaarde")
    created_at = models.DateTimeField(auto_now_add=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["title"]
        verbose_name = "doel"
        verbose_name_plural = "doelen"

    def __str__(self) -> str:
        return self.title

    @property
    def last_measurement(self) -> GoalMeasurement | None:
        """The latest measurement (from the prefetch cache when there is one; templates cannot
        take ``|last`` of a queryset, which refuses negative indexing)."""
        measurements = list(self.measurements.all())
        return max(measurements, key=lambda m: m.measured_at) if measurements else None


class GoalMeasurement(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measurements")
    measured_at = models.DateTimeField("gemeten op")
    value = models.FloatField("waarde")
    note = models.CharField("toelichting", max_length=400, blank=True, default="")

    class Meta:
        ordering = ["goal", "measured_at"]

    def __str__(self) -> str:
        return f"{self.goal}: {self.value:g} op {self.measured_at:%Y-%m-%d}"


class LessonOrder(models.IntegerChoices):
    FIRST = 1, "Eerste orde (vakmanschap)"
    SECOND = 2, "Tweede orde (systematiek en instrumenten)"
    THIRD = 3, "Derde orde (wat normaal is)"


class LessonInstrument(models.TextChoices):
    """What a second-order lesson is about: the instruments collaboration needs."""

    FINANCIEEL = "financieel", "Financieel"
    JURIDISCH = "juridisch", "Juridisch"
    INSTITUTIONEEL = "institutioneel", "Institutioneel"
    DEMOCRATISCH = "democratisch", "Democratisch"


class LessonVisibility(models.TextChoices):
    COLLABORATION = "collaboration", "Alleen de samenwerking"
    PLATFORM = "platform", "Alle gebruikers van het platform"
    PUBLIC = "public", "Openbaar"


class Lesson(models.Model):
    """A lesson learned; the academy of :mod:`opgave.learning` is built on these (ADR 0032).

    A lesson comes from a collaboration, or (``collaboration`` empty) from a twinning; the link to
    the twinning lives in the learning app. Visibility is deny-by-default: a new lesson is seen
    only by the people of the collaboration it came from.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        "collaborations.Collaboration",
        on_delete=models.CASCADE,
        related_name="lessons",
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField("orde", choices=LessonOrder.choices, default=LessonOrder.FIRST)
    instrument = models.CharField(
        "instrument (tweede orde)", max_length=16, choices=LessonInstrument.choices, blank=True, default=""
    )
    title = models.CharField("les", max_length=200)
    description = models.TextField("toelichting", blank=True, default="")
    step = models.PositiveSmallIntegerField("ontwerpstap", null=True, blank=True)
    perspective = models.CharField("bestuursperspectief", max_length=32, blank=True, default="")
    tags = models.JSONField("trefwoorden", default=list, blank=True)
    visibility = models.CharField(
        "zichtbaarheid",
        max_length=16,
        choices=LessonVisibility.choices,
        default=LessonVisibility.COLLABORATION,
    )
    recorded_at = models.DateTimeField("vastgelegd op")
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = "les"
        verbose_name_plural = "lessen"

    def __str__(self) -> str:
        return self.title


class PulseResponse(models.Model):
    """One participant's answers to the health pulse (see :mod:`opgave.collaborations.pulse`)."""

    collaboration = models.ForeignKey(
        "collaborations.Collaboration", on_delete=models.CASCADE, related_name="pulses"
    )
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    scores = models.JSONField("antwoorden")
    submitted_at = models.DateTimeField("ingevuld op")

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "pulsmeting"
        verbose_name_plural = "pulsmetingen"

    def __str__(self) -> str:
        return f"Puls van {self.respondent} ({self.submitted_at:%Y-%m-%d})"
