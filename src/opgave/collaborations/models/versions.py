"""Immutable versions of a collaboration's design: each re-explication adds one."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class DesignVersion(models.Model):
    """A snapshot of the whole design (see :mod:`opgave.collaborations.design`), never edited.

    ``steps_confirmed`` lists the steps this version (re)confirmed; the age of an answer is the time
    since the last version that confirmed its step. ``agreements`` records who agreed and when:
    ``[{"person": uuid, "name": str, "organisation": str, "at": iso-datetime}]``.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        "collaborations.Collaboration", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField("versienummer")
    data = models.JSONField("ontwerp")
    steps_confirmed = models.JSONField("bevestigde stappen", default=list)
    note = models.TextField("toelichting", blank=True, default="")
    agreements = models.JSONField("instemming", default=list)
    session = models.ForeignKey(
        "collaborations.Session", null=True, blank=True, on_delete=models.SET_NULL, related_name="versions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_at = models.DateTimeField("vastgesteld op")

    class Meta:
        ordering = ["collaboration", "number"]
        verbose_name = "ontwerpversie"
        verbose_name_plural = "ontwerpversies"
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "number"], name="designversion_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.collaboration} v{self.number}"
