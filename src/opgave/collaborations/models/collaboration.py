"""A collaboration (*samenwerking*) around an opgave, and the organisations taking part in it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Status(models.TextChoices):
    VERKENNEND = "verkennend", "Verkennend"
    ACTIEF = "actief", "Actief"
    CRUISEND = "cruisend", "Cruisend"
    BEEINDIGD = "beeindigd", "Beëindigd"


class NationalRelation(models.TextChoices):
    BOVEN = "boven", "Boven (gebiedend)"
    NAAST = "naast", "Naast (medespeler)"
    ONDER = "onder", "Onder (mogelijk maken, leveren)"
    TOESCHOUWER = "toeschouwer", "Toeschouwer"


class Collaboration(models.Model):
    """Public fields: name, opgave, region, status, owners, programme, national relation.

    Everything else (the design, sessions, tensions, goals, activity, diagnostics) is visible only to
    participants; see :mod:`opgave.collaborations.selectors`.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField("naam", max_length=200)
    opgave = models.TextField("opgave", help_text="De opgave in één of twee zinnen (openbaar).")
    is_national = models.BooleanField("landelijk", default=False)
    region = models.ManyToManyField(
        "core.Organisation",
        verbose_name="regio",
        blank=True,
        related_name="collaborations_in_region",
        help_text="Gemeenten en provincies die samen de regio vormen.",
    )
    status = models.CharField("status", max_length=16, choices=Status.choices, default=Status.VERKENNEND)
    owners = models.ManyToManyField(
        "core.Organisation", verbose_name="eigenaren", related_name="owned_collaborations"
    )
    national_relation = models.CharField(
        "verhouding nationaal–regionaal",
        max_length=16,
        choices=NationalRelation.choices,
        blank=True,
        default="",
    )
    review_interval_days = models.PositiveIntegerField(
        "herzieningstermijn (dagen)",
        default=180,
        help_text="Na zoveel dagen moet een antwoord opnieuw worden bevestigd.",
    )
    programme = models.ForeignKey(
        "collaborations.Programme",
        verbose_name="programma",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="collaborations",
    )
    theme = models.ForeignKey(
        "collaborations.Theme",
        verbose_name="thema",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="collaborations",
    )
    share_diagnostics_with_programme = models.BooleanField(
        "diagnose delen met de eigenaren van het programma",
        default=False,
        help_text="Toestemming van de eigenaren van de samenwerking; vervalt bij een ander programma.",
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="facilitatoren",
        blank=True,
        related_name="facilitated_collaborations",
    )
    draft = models.JSONField("werkversie van het ontwerp", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(
        default=1, help_text="Telt op bij elke wijziging; basis van de ETag."
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "samenwerking"
        verbose_name_plural = "samenwerkingen"
        # The list's order and its cursor (name, then id): a page is read from the index.
        indexes = [models.Index(fields=["name", "id"], name="collaboration_name_id")]

    def __str__(self) -> str:
        return self.name


class Participation(models.Model):
    """An organisation takes part in a collaboration (kept in step with step 2 of the design).

    This table is the index the visibility rules use; the design keeps the full party record.
    """

    collaboration = models.ForeignKey(Collaboration, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="participations"
    )
    joined_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = "deelname"
        verbose_name_plural = "deelnames"
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "organisation"], name="participation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.collaboration}"
