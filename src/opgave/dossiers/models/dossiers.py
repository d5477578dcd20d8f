"""A shared dossier, its subjects (pseudonymised) and the organisations taking part."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class DossierType(models.TextChoices):
    GEZIN = "gezin", "Gezin"
    PERSOON = "persoon", "Persoon"
    ADRES = "adres", "Adres of locatie"


class Confidentiality(models.IntegerChoices):
    NORMAAL = 1, "Normaal"
    VERTROUWELIJK = 2, "Vertrouwelijk"
    STRIKT = 3, "Strikt vertrouwelijk"


class Role(models.TextChoices):
    CASUSREGISSEUR = "casusregisseur", "Casusregisseur"
    PROCESREGISSEUR = "procesregisseur", "Procesregisseur"
    UITVOERDER = "uitvoerder", "Uitvoerder"
    HANDHAVER = "handhaver", "Handhaver"
    FACILITATOR = "facilitator", "Facilitator"
    ADVISEUR = "adviseur", "Adviseur"


class Dossier(models.Model):
    """One dossier about a family, a person or an address. Its title holds no personal data."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField("kenmerk", max_length=40, unique=True)
    kind = models.CharField("soort", max_length=16, choices=DossierType.choices)
    title = models.CharField(
        "werktitel", max_length=120, help_text="Zonder persoonsgegevens, bijvoorbeeld 'Gezin Noord 12'."
    )
    created_by = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="gestart door"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    plan_reviewed_at = models.DateTimeField("plan laatst beoordeeld", null=True, blank=True)
    closed_at = models.DateTimeField("gesloten", null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "dossier"
        verbose_name_plural = "dossiers"

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class Subject(models.Model):
    """Who or what the dossier is about: a person (pseudonym of the BSN) or an address.

    The BSN is never stored: ``pseudonym`` is its HMAC under the key ``key_id``. The details a
    professional needs to recognise the person (name, date of birth) are encrypted.
    """

    class Kind(models.TextChoices):
        PERSON = "persoon", "Persoon"
        ADDRESS = "adres", "Adres"

    class Relation(models.TextChoices):
        OUDER = "ouder", "Ouder/verzorger"
        KIND = "kind", "Kind"
        PARTNER = "partner", "Partner"
        HUISGENOOT = "huisgenoot", "Huisgenoot"
        BETROKKENE = "betrokkene", "Betrokkene"
        LOCATIE = "locatie", "Locatie"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="subjects")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    pseudonym = models.CharField(max_length=64, db_index=True)
    key_id = models.CharField(max_length=16)
    relation = models.CharField("relatie", max_length=16, choices=Relation.choices)
    details = models.TextField("versleutelde gegevens", help_text="Fernet-token met naam en geboortedatum.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "betrokkene"
        verbose_name_plural = "betrokkenen"
        constraints = [
            models.UniqueConstraint(fields=["dossier", "pseudonym"], name="subject_unique_per_dossier")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.uuid}"


class Participation(models.Model):
    """An organisation in a dossier: role, purposes (register entries) and confidentiality clearance."""

    class Status(models.TextChoices):
        REQUESTED = "aangevraagd", "Aangevraagd"
        ACTIVE = "actief", "Actief"
        REFUSED = "geweigerd", "Geweigerd"
        LEFT = "vertrokken", "Vertrokken"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="participations")
    organisation = models.ForeignKey("core.Organisation", on_delete=models.PROTECT, related_name="+")
    role = models.CharField("rol", max_length=20, choices=Role.choices)
    is_regisseur = models.BooleanField("regisseur", default=False)
    purposes = models.ManyToManyField("core.ProcessingActivity", related_name="+", verbose_name="doelen")
    clearance = models.PositiveSmallIntegerField(
        "vertrouwelijkheidsniveau", choices=Confidentiality.choices, default=Confidentiality.NORMAAL
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.REQUESTED)
    requested_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = "deelname"
        verbose_name_plural = "deelnames"
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "organisation"],
                condition=models.Q(status__in=["aangevraagd", "actief"]),
                name="participation_one_open_per_org",
            ),
            models.UniqueConstraint(
                fields=["dossier"],
                condition=models.Q(is_regisseur=True, status="actief"),
                name="participation_one_regisseur",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.dossier.reference} ({self.get_status_display()})"
