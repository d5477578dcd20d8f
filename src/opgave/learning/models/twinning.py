"""Twinning: a structural learning partnership between two organisations (the IND–SVB model)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class TwinningStatus(models.TextChoices):
    ACTIEF = "actief", "Actief"
    BEEINDIGD = "beeindigd", "Beëindigd"


class Twinning(models.Model):
    """Partners, dates, goals and the party that commissioned it are visible to every user; the
    public results page shows what was achieved. Activities, proposals, frictions and evaluations
    are for the two partner organisations."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField("naam", max_length=200)
    partner_a = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="twinnings_as_a"
    )
    partner_b = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="twinnings_as_b"
    )
    started_on = models.DateField("begonnen op")
    planned_end_on = models.DateField("gepland einde")
    ended_on = models.DateField("beëindigd op", null=True, blank=True)
    status = models.CharField(
        "status", max_length=16, choices=TwinningStatus.choices, default=TwinningStatus.ACTIEF
    )
    goals = models.TextField("doelen", help_text="Eén doel per regel.")
    commissioned_by = models.ForeignKey(
        "core.Organisation",
        verbose_name="opdrachtgever",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commissioned_twinnings",
    )
    commission_note = models.CharField("aanleiding", max_length=400, blank=True, default="")
    results = models.TextField("resultaten (openbaar)", blank=True, default="")
    evaluation_interval_months = models.PositiveSmallIntegerField("evaluatie elke (maanden)", default=12)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-started_on", "name"]
        verbose_name = "twinning"
        verbose_name_plural = "twinnings"

    def __str__(self) -> str:
        return self.name

    @property
    def goal_list(self) -> list[str]:
        return [line.strip() for line in self.goals.splitlines() if line.strip()]

    @property
    def current_form(self) -> TwinningForm | None:
        return self.forms.order_by("-since", "-id").first()


class FormKind(models.TextChoices):
    MEESTER_GEZEL = "meester_gezel", "Meester–gezel"
    GELIJKWAARDIG = "gelijkwaardig", "Gelijkwaardig"


class TwinningForm(models.Model):
    """The type of the partnership from a date on; the history is kept, because it tends to shift."""

    twinning = models.ForeignKey(Twinning, on_delete=models.CASCADE, related_name="forms")
    kind = models.CharField("vorm", max_length=16, choices=FormKind.choices)
    master = models.ForeignKey(
        "core.Organisation",
        verbose_name="meester",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    since = models.DateField("vanaf")
    note = models.CharField("toelichting", max_length=400, blank=True, default="")

    class Meta:
        ordering = ["twinning", "since"]
        verbose_name = "vorm van de twinning"
        verbose_name_plural = "vormen van de twinning"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} vanaf {self.since:%d-%m-%Y}"


class ActivityType(models.TextChoices):
    BOTSPROEF = "botsproef", "Bestuursoverleg als botsproef"
    KENNISKRING = "kenniskring", "Kenniskring"
    UITWISSELING = "uitwisseling", "Uitwisseling van medewerkers"
    ADVIES = "advies", "Advies of best practice"


class TwinningActivity(models.Model):
    """One activity. For a *botsproef*: the plan one partner put forward, the challenges of the
    other, and what changed because of them."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    twinning = models.ForeignKey(Twinning, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField("soort", max_length=16, choices=ActivityType.choices)
    title = models.CharField("titel", max_length=200)
    held_on = models.DateField("datum")
    presented_by = models.ForeignKey(
        "core.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    plan = models.TextField("plan", blank=True, default="")
    challenges = models.TextField("kritische vragen", blank=True, default="")
    changes = models.TextField("wat er veranderde", blank=True, default="")
    description = models.TextField("omschrijving", blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_on"]
        verbose_name = "twinningactiviteit"
        verbose_name_plural = "twinningactiviteiten"

    def __str__(self) -> str:
        return self.title


class ProposalStatus(models.TextChoices):
    SUBMITTED = "ingediend", "Ingediend"
    APPROVED = "goedgekeurd", "Goedgekeurd"
    REJECTED = "afgewezen", "Afgewezen"
    DONE = "uitgevoerd", "Uitgevoerd"


class TwinningProposal(models.Model):
    """A small twinning proposal by an employee of either partner, reviewed by the other side."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    twinning = models.ForeignKey(Twinning, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField("titel", max_length=200)
    description = models.TextField("voorstel")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("ingediend op")
    status = models.CharField(
        "status", max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.SUBMITTED
    )
    review_note = models.TextField("toelichting bij het besluit", blank=True, default="")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "klein twinningvoorstel"
        verbose_name_plural = "kleine twinningvoorstellen"

    def __str__(self) -> str:
        return self.title


class FrictionKind(models.TextChoices):
    BTW = "btw", "Btw op gedeclareerde activiteiten"
    KRUISSUBSIDIE = "kruissubsidie", "Kruissubsidiëring (gescheiden administratie)"
    SPILLOVER = "spillover", "Negatieve uitstraling"
    ENTRAPMENT = "entrapment", "Entrapment (doorgaan zonder functie)"
    OVERIG = "overig", "Overig"


class Friction(models.Model):
    """A practical friction or a risk of the twinning, and how it is handled."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    twinning = models.ForeignKey(Twinning, on_delete=models.CASCADE, related_name="frictions")
    kind = models.CharField("soort", max_length=16, choices=FrictionKind.choices)
    title = models.CharField("titel", max_length=200)
    description = models.TextField("omschrijving", blank=True, default="")
    mitigation = models.TextField("aanpak", blank=True, default="")
    is_open = models.BooleanField("open", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-is_open", "-created_at"]
        verbose_name = "frictie of risico"
        verbose_name_plural = "fricties en risico's"

    def __str__(self) -> str:
        return self.title


class EvaluationReason(models.TextChoices):
    YEARLY = "jaarlijks", "Jaarlijkse evaluatie"
    BEFORE_END = "voor_einde", "Evaluatie vóór het geplande einde"


class EvaluationOutcome(models.TextChoices):
    CONTINUE = "voortzetten", "Voortzetten"
    CHANGE_FORM = "vorm_wijzigen", "Vorm wijzigen"
    END = "beeindigen", "Beëindigen"


class Evaluation(models.Model):
    """A scheduled evaluation: it asks explicitly whether to continue, change form, or end."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    twinning = models.ForeignKey(Twinning, on_delete=models.CASCADE, related_name="evaluations")
    reason = models.CharField("aanleiding", max_length=16, choices=EvaluationReason.choices)
    due_on = models.DateField("uiterlijk op")
    held_on = models.DateField("gehouden op", null=True, blank=True)
    outcome = models.CharField(
        "uitkomst", max_length=16, choices=EvaluationOutcome.choices, blank=True, default=""
    )
    reasoning = models.TextField("onderbouwing", blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on"]
        verbose_name = "evaluatie"
        verbose_name_plural = "evaluaties"
        constraints = [
            models.UniqueConstraint(fields=["twinning", "reason", "due_on"], name="evaluation_unique_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.due_on:%d-%m-%Y}"


class OrganisationProfile(models.Model):
    """What an organisation does and does well, for partner suggestions (keyed to core's Organisation)."""

    organisation = models.OneToOneField(
        "core.Organisation", on_delete=models.CASCADE, primary_key=True, related_name="learning_profile"
    )
    core_processes = models.JSONField("kernprocessen", default=list, blank=True)
    strengths = models.JSONField("sterke punten", default=list, blank=True)
    weaknesses = models.JSONField("verbeterpunten", default=list, blank=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "organisatieprofiel"
        verbose_name_plural = "organisatieprofielen"

    def __str__(self) -> str:
        return f"Profiel van {self.organisation}"
