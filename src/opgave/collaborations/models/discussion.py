"""Discussion threads: comments with replies on a session's proposal or on a design step."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Comment(models.Model):
    """``topic`` names the thread: ``proposal:<session uuid>`` or ``step:<1..5>``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    collaboration = models.ForeignKey(
        "collaborations.Collaboration", on_delete=models.CASCADE, related_name="comments"
    )
    topic = models.CharField(max_length=64, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField("reactie", max_length=4000)
    mentions = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "reactie"
        verbose_name_plural = "reacties"

    def __str__(self) -> str:
        return f"Reactie {self.uuid}"
