"""Login throttling (failed attempts per account and per IP address) and the second factor's extras.

The counter lives in the database so that it holds across processes and
servers (Django's default cache is per process). Keys are HMAC digests, so the
table holds neither usernames nor IP addresses in the clear.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken


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


class RecoveryCodeDevice(StaticDevice):
    """A person's recovery codes (django-otp's static device), kept as digests, never in the clear.

    The codes are shown once when they are made; the table holds only a
    truncated SHA-256 digest of each (the codes carry 80 random bits, so the
    digest cannot be reversed by trying). A code is spent by deleting its row
    in one statement, so two parallel uses of one code cannot both succeed.
    """

    class Meta:
        proxy = True
        verbose_name = "herstelcodes"
        verbose_name_plural = "herstelcodes"

    @staticmethod
    def digest(code: str) -> str:
        normalised = "".join(code.split()).replace("-", "").lower()
        return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]

    def verify_token(self, token: str) -> bool:
        allowed, _ = self.verify_is_allowed()
        if not allowed:
            return False
        spent = StaticToken.objects.filter(device=self, token=self.digest(str(token)))
        # One DELETE; its row count says whether *this* request spent the code.
        if spent._raw_delete(spent.db):
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
            return True
        self.throttle_increment()
        return False


class SecondFactorGrace(models.Model):
    """When a person who must use a second factor was first asked to set one up.

    Starts at the first login that finds no device (or when an administrator
    resets the second factor); after ``ADMIN_TOTP_GRACE_DAYS`` a password alone
    no longer logs that person in.
    """

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="second_factor_grace"
    )
    started_at = models.DateTimeField()

    class Meta:
        verbose_name = "termijn tweede factor"
        verbose_name_plural = "termijnen tweede factor"

    def __str__(self) -> str:
        return f"sinds {self.started_at:%Y-%m-%d %H:%M}"


class DenialTally(models.Model):
    """Repeated denials of one kind, from one origin and actor, counted per window.

    The first denial of a window is written to the audit log as usual; the ones after it
    in the same window only raise :attr:`count` here (one UPDATE, outside the audit
    chain's head lock), so an anonymous flood cannot append unbounded audit rows nor slow
    every audited write down. ``record_seq`` points at that first audit record.
    """

    action = models.CharField(max_length=100)
    origin = models.CharField(max_length=64, blank=True)
    actor_label = models.CharField(max_length=200)
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveBigIntegerField(default=0)
    last_at = models.DateTimeField()
    record_seq = models.BigIntegerField(null=True, blank=True, help_text="Volgnummer van het auditrecord.")

    class Meta:
        verbose_name = "herhaalde weigering"
        verbose_name_plural = "herhaalde weigeringen"
        constraints = [
            models.UniqueConstraint(
                fields=["action", "origin", "actor_label", "window_start"], name="denialtally_one_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} × {self.count} vanaf {self.window_start:%Y-%m-%d %H:%M}"
