"""National programmes (like the IBP) with their themes."""

from __future__ import annotations

import uuid

from django.db import models


class Programme(models.Model):
    """A national programme agreed between the Rijk and umbrella bodies; public to all logged-in users."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField("naam", max_length=200, unique=True)
    description = models.TextField("omschrijving", blank=True, default="")
    owners = models.ManyToManyField("core.Organisation", verbose_name="eigenaren", related_name="programmes")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        verbose_name = "programma"
        verbose_name_plural = "programma's"

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField("naam", max_length=200)
    description = models.TextField("omschrijving", blank=True, default="")

    class Meta:
        ordering = ["programme", "name"]
        verbose_name = "thema"
        verbose_name_plural = "thema's"
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="theme_unique_name")]

    def __str__(self) -> str:
        return self.name
