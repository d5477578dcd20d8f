"""Login throttling: failed attempts, counted per account and per IP address.

The counter lives in the database so that it holds across processes and
servers (Django's default cache is per process). Keys are HMAC digests, so the
table holds neither usernames nor IP addresses in the clear.
"""

from __future__ import annotations

from django.db import models


class LoginFailure(models.Model):
    class Kind(models.TextChoices):
        ACCOUNT = "account", "Account"
        IP = "ip", "IP-adres"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    key = models.CharField(max_length=64, help_text="HMAC-SHA-256 van gebruikersnaam of IP-adres.")
    at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "mislukte inlogpoging"
        verbose_name_plural = "mislukte inlogpogingen"
        indexes = [models.Index(fields=["kind", "key", "at"], name="loginfailure_lookup")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key[:8]}… @ {self.at:%Y-%m-%d %H:%M}"
