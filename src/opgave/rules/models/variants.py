"""Variants (maatwerk): an organisation's values for a rule set's open terms."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from opgave.rules.models.versions import Status


class Variant(models.Model):
    """An organisation's local variant of a rule set. Its values live in :class:`VariantVersion`."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    rule_set = models.ForeignKey("rules.RuleSet", on_delete=models.CASCADE, related_name="variants")
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="rule_variants"
    )
    title = models.CharField("titel", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rule_set", "organisation__name"]
        verbose_name = "variant"
        verbose_name_plural = "varianten"
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "organisation"], name="variant_one_per_organisation")
        ]

    def __str__(self) -> str:
        return self.title


class VariantVersion(models.Model):
    """Values for the open terms (``values``: name → value) with a validity period and the link to
    the organisation's own regulation (e.g. its verordening). Published rows never change."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("versienummer")
    status = models.CharField("status", max_length=15, choices=Status.choices, default=Status.PUBLISHED)
    values = models.JSONField("waarden van open normen")
    geldig_van = models.DateField("geldig van")
    geldig_tot = models.DateField("geldig tot en met", null=True, blank=True)
    regulation_title = models.CharField("eigen regeling", max_length=300)
    regulation_url = models.URLField("link naar de regeling", max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["variant", "number"]
        verbose_name = "variantversie"
        verbose_name_plural = "variantversies"
        constraints = [
            models.UniqueConstraint(fields=["variant", "number"], name="variantversion_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.variant} versie {self.number}"
