"""Organisations and the memberships that tie people to them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models


class OrganisationKind(models.TextChoices):
    RIJK = "rijk", "Rijk / ministerie"
    PROVINCIE = "provincie", "Provincie"
    GEMEENTE = "gemeente", "Gemeente"
    WATERSCHAP = "waterschap", "Waterschap"
    UITVOERINGSORGANISATIE = "uitvoeringsorganisatie", "Uitvoeringsorganisatie"
    KOEPEL = "koepel", "Koepelorganisatie"
    MAATSCHAPPELIJK = "maatschappelijk", "Maatschappelijke organisatie"
    BURGERINITIATIEF = "burgerinitiatief", "Burgerinitiatief"


class Organisation(models.Model):
    """A public body or partner: a ministry, municipality, agency, citizens' initiative..."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField("naam", max_length=200, unique=True)
    kind = models.CharField("soort", max_length=32, choices=OrganisationKind.choices)
    oin = models.CharField(
        "OIN",
        max_length=20,
        blank=True,
        default="",
        validators=[RegexValidator(r"^\d{20}$", "Een OIN bestaat uit precies 20 cijfers.")],
        help_text="Organisatie-identificatienummer (20 cijfers).",
    )
    cbs_code = models.CharField(
        "CBS-code",
        max_length=6,
        blank=True,
        default="",
        validators=[
            RegexValidator(
                r"^(GM\d{4}|PV\d{2}|WS\d{4})$",
                "Een CBS-code ziet eruit als GM0363 (gemeente) of PV25 (provincie).",
            )
        ],
        help_text="CBS-code van de gemeente, provincie of het waterschap, bijvoorbeeld GM0363.",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="bovenliggend orgaan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(
        default=1, help_text="Telt op bij elke wijziging; basis van de ETag."
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "organisatie"
        verbose_name_plural = "organisaties"
        constraints = [
            models.UniqueConstraint(
                fields=["oin"], condition=~models.Q(oin=""), name="organisation_oin_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person works for an organisation, in one or more roles."""

    class Role(models.TextChoices):
        MEMBER = "lid", "Lid"
        ADMIN = "beheerder", "Beheerder"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rol", max_length=16, choices=Role.choices, default=Role.MEMBER)
    job_title = models.CharField("functie", max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = "lidmaatschap"
        verbose_name_plural = "lidmaatschappen"
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], name="membership_unique_person_org"),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.organisation} ({self.get_role_display()})"
