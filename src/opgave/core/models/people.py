"""People who log in. A person belongs to organisations through memberships."""

from __future__ import annotations

import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models


class Person(AbstractUser):
    """A person with an account. ``is_staff`` marks a platform administrator."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField("e-mailadres", unique=True)
    is_demo = models.BooleanField(
        "demo-account",
        default=False,
        help_text="Bestaat alleen in demomodus en wordt bij een reset verwijderd.",
    )

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = "persoon"
        verbose_name_plural = "personen"

    def __str__(self) -> str:
        return self.get_full_name() or self.username
