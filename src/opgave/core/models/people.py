"""People who log in. A person belongs to organisations through memberships."""

from __future__ import annotations

import secrets
import uuid

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac


class Person(AbstractUser):
    """A person with an account. ``is_staff`` marks a platform administrator."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField("e-mailadres", unique=True)
    is_demo = models.BooleanField(
        "demo-account",
        default=False,
        help_text="Bestaat alleen in demomodus en wordt bij een reset verwijderd.",
    )

    #: Part of every session's authentication hash (with the password hash): giving it a new value
    #: ends every session of this person but the one that is explicitly kept (a new or reset
    #: second factor: a session opened with the password alone must not outlive it).
    session_stamp = models.CharField(max_length=32, blank=True, default="", editable=False)

    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = "persoon"
        verbose_name_plural = "personen"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        base: str = super()._get_session_auth_hash(secret=secret)  # type: ignore[misc]
        if not self.session_stamp:  # never rotated: the hash Django gives, so no session is lost
            return base
        return salted_hmac(
            "opgave.core.Person.session_stamp",
            f"{base}:{self.session_stamp}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def end_other_sessions(self) -> None:
        """Give the session stamp a new value (saved): every existing session stops being valid."""
        self.session_stamp = secrets.token_hex(16)
        self.save(update_fields=["session_stamp"])
