"""Login rate limiting per account and per IP address, counted in the database.

Why the database: Django's default cache is per process (locmem), so a limit
kept there would multiply with every worker process. A small table
(:class:`~opgave.core.models.LoginFailure`) is shared by every process and
server, survives restarts, and needs no extra service. Keys are HMAC digests
(keyed by ``SECRET_KEY``) of the normalised login name and of the IP address.

``LOGIN_RATE_LIMIT`` failures within ``LOGIN_RATE_WINDOW`` seconds lock the
account *and*, separately, the IP address until the oldest failure in the
window has aged out. A successful login clears the account's failures.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from opgave.core.models import LoginFailure


def _key(kind: str, value: str) -> str:
    message = f"{kind}:{value.strip().lower()}".encode()
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), message, hashlib.sha256).hexdigest()


def _window() -> dt.timedelta:
    return dt.timedelta(seconds=int(settings.LOGIN_RATE_WINDOW))


@dataclass(frozen=True)
class Lock:
    locked: bool
    retry_after: int = 0

    @property
    def minutes(self) -> int:
        return max(1, -(-self.retry_after // 60))


def _lock_for(kind: str, key: str, now: dt.datetime) -> Lock:
    since = now - _window()
    failures = LoginFailure.objects.filter(kind=kind, key=key, at__gt=since)
    if failures.count() < int(settings.LOGIN_RATE_LIMIT):
        return Lock(False)
    oldest = failures.aggregate(oldest=Min("at"))["oldest"]
    retry = int((oldest + _window() - now).total_seconds()) + 1
    return Lock(True, max(retry, 1))


def check(login: str, ip: str) -> Lock:
    """Whether ``login`` or ``ip`` is locked out right now, and for how long."""
    now = timezone.now()
    locks = [_lock_for(LoginFailure.Kind.ACCOUNT, _key("account", login), now)] if login else []
    if ip:
        locks.append(_lock_for(LoginFailure.Kind.IP, _key("ip", ip), now))
    active = [lock for lock in locks if lock.locked]
    if not active:
        return Lock(False)
    return Lock(True, max(lock.retry_after for lock in active))


def register_failure(login: str, ip: str) -> Lock:
    """Count one failed attempt; returns the lock state after counting it."""
    now = timezone.now()
    rows = []
    if login:
        rows.append(LoginFailure(kind=LoginFailure.Kind.ACCOUNT, key=_key("account", login), at=now))
    if ip:
        rows.append(LoginFailure(kind=LoginFailure.Kind.IP, key=_key("ip", ip), at=now))
    LoginFailure.objects.bulk_create(rows)
    LoginFailure.objects.filter(at__lte=now - _window()).delete()
    return check(login, ip)


def clear_account(login: str) -> None:
    """Forget the failures of an account (after a successful login)."""
    LoginFailure.objects.filter(kind=LoginFailure.Kind.ACCOUNT, key=_key("account", login)).delete()
