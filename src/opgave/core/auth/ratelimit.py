"""Login rate limiting per account and per IP address, counted in the database.

Why the database: Django's default cache is per process (locmem), so a limit
kept there would multiply with every worker process. A small table
(:class:`~opgave.core.models.LoginFailure`) is shared by every process and
server, survives restarts, and needs no extra service. Keys are HMAC digests
(keyed by ``SECRET_KEY``) of the normalised login name and of the IP address.

``LOGIN_RATE_LIMIT`` failures of one account within ``LOGIN_RATE_WINDOW`` seconds lock the
account, and ``LOGIN_IP_RATE_LIMIT`` failures from one IP address (any accounts) lock the
address, each until the oldest failure in the window has aged out. The address limit is the
wider one: the staff of a whole organisation often share one address, while guessing one
person's password is what the account limit stops. The address is the client's as
:func:`opgave.core.services.audit.origin_of` resolves it (``X-Forwarded-For`` only from a
trusted proxy). A successful login clears the account's failures.

**Atomic: insert, then count** (ADR 0009). An attempt first *reserves* its row
(:func:`reserve`: one committed INSERT per key), and only then counts the rows in
the window. Every attempt's count includes every attempt committed before it, so
of N parallel attempts at most ``LOGIN_RATE_LIMIT`` see a count within the limit
and are evaluated; the rest are refused without checking the password or code. A
refused or successful attempt gives its reservation back (:meth:`Reservation.release`);
a failed one keeps it, as its failure. Checking first and inserting after (as
before) let 40 parallel wrong passwords all be evaluated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from opgave.core.models import LoginFailure


def _key(kind: str, value: str) -> str:
    message = f"{kind}:{value.strip().lower()}".encode()
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), message, hashlib.sha256).hexdigest()


def _window() -> dt.timedelta:
    return dt.timedelta(seconds=int(settings.LOGIN_RATE_WINDOW))


def _limit(kind: str) -> int:
    if kind == LoginFailure.Kind.IP:
        return int(settings.LOGIN_IP_RATE_LIMIT)
    return int(settings.LOGIN_RATE_LIMIT)


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
    if failures.count() < _limit(kind):
        return Lock(False)
    oldest = failures.aggregate(oldest=Min("at"))["oldest"]
    retry = int((oldest + _window() - now).total_seconds()) + 1
    return Lock(True, max(retry, 1))


def _combine(locks: list[Lock]) -> Lock:
    active = [lock for lock in locks if lock.locked]
    if not active:
        return Lock(False)
    return Lock(True, max(lock.retry_after for lock in active))


@dataclass
class Reservation:
    """One attempt, counted before it is evaluated. ``lock``: whether it may be evaluated."""

    login: str
    ip: str
    lock: Lock
    row_ids: list[int] = field(default_factory=list)

    @property
    def locked(self) -> bool:
        return self.lock.locked

    def release(self) -> None:
        """Give the attempt back (it was refused unevaluated, or it succeeded)."""
        if self.row_ids:
            LoginFailure.objects.filter(pk__in=self.row_ids).delete()
            self.row_ids = []

    def after_failure(self) -> Lock:
        """The lock state now that this attempt counts as a failure (for the next attempt)."""
        return check(self.login, self.ip)


def _count_lock(kind: str, key: str, now: dt.datetime, allowed: int) -> Lock:
    since = now - _window()
    failures = LoginFailure.objects.filter(kind=kind, key=key, at__gt=since)
    if failures.count() <= allowed:
        return Lock(False)
    oldest = failures.aggregate(oldest=Min("at"))["oldest"]
    retry = int((oldest + _window() - now).total_seconds()) + 1 if oldest else 1
    return Lock(True, max(retry, 1))


def reserve(login: str, ip: str) -> Reservation:
    """Count an attempt *before* evaluating it: insert its rows (committed), then count.

    Must not run inside a transaction: the inserts have to be visible to parallel attempts
    before this one counts (on PostgreSQL an open transaction would hide them).
    """
    now = timezone.now()
    rows = []
    if login:
        rows.append(LoginFailure(kind=LoginFailure.Kind.ACCOUNT, key=_key("account", login), at=now))
    if ip:
        rows.append(LoginFailure(kind=LoginFailure.Kind.IP, key=_key("ip", ip), at=now))
    ids = [LoginFailure.objects.create(kind=r.kind, key=r.key, at=r.at).pk for r in rows]
    locks = [_count_lock(r.kind, r.key, now, _limit(r.kind)) for r in rows]
    reservation = Reservation(login, ip, _combine(locks), ids)
    LoginFailure.objects.filter(at__lte=now - _window()).delete()
    return reservation


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


def clear_account(login: str) -> None:
    """Forget the failures of an account (after a successful login)."""
    LoginFailure.objects.filter(kind=LoginFailure.Kind.ACCOUNT, key=_key("account", login)).delete()
