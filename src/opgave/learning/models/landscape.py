"""The landscape: overlaps between collaborations, as last detected."""

from __future__ import annotations

from django.db import models


class Overlap(models.Model):
    """Two collaborations that overlap in territory, parties or opgave (``a.id < b.id``)."""

    a = models.ForeignKey("collaborations.Collaboration", on_delete=models.CASCADE, related_name="+")
    b = models.ForeignKey("collaborations.Collaboration", on_delete=models.CASCADE, related_name="+")
    score = models.FloatField("score")
    reasons = models.JSONField("redenen", default=list)
    detected_at = models.DateTimeField("gevonden op")
    notified_at = models.DateTimeField("gemeld op", null=True, blank=True)

    class Meta:
        ordering = ["-score"]
        verbose_name = "overlap"
        verbose_name_plural = "overlappen"
        constraints = [models.UniqueConstraint(fields=["a", "b"], name="overlap_unique_pair")]

    def __str__(self) -> str:
        return f"{self.a} ~ {self.b} ({self.score:.2f})"
