"""Rate limiting per caller: a fixed window, counted where every instance sees it.

Each token, person or (for requests that fail authentication before this point, never)
IP address may make ``API_RATE_LIMIT`` requests per ``API_RATE_WINDOW`` seconds (defaults:
1,200 per 60 s; a limit of 0 switches it off). Past that the API answers **429** as a
problem with ``Retry-After``.

The counter is shared by all server processes and instances (ADR 0014): with a shared
cache configured (``OPGAVE_CACHE_URL=redis://...``) it is Redis' atomic ``INCR``; otherwise
one atomic upsert in the database (``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``,
PostgreSQL and SQLite alike), table :class:`opgave.api.models.RateCounter`.

Requests that fail authentication (401) are limited separately per IP address
(``API_UNAUTHENTICATED_LIMIT`` per window), with the same shared counter: once an address
has used them up, every further request from it is answered 429 *before* authentication,
without an audit record (ADR 0009).
"""

from __future__ import annotations

import datetime as dt
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from opgave.api.models import RateCounter
from opgave.core.services.audit import origin_of

_LOCAL_CACHES = ("django.core.cache.backends.locmem.", "django.core.cache.backends.dummy.")


def rate_limit() -> int:
    return int(getattr(settings, "API_RATE_LIMIT", 1200))


def rate_window() -> int:
    return max(1, int(getattr(settings, "API_RATE_WINDOW", 60)))


class CallerThrottle(BaseThrottle):
    """At most ``API_RATE_LIMIT`` requests per window per caller."""

    def __init__(self) -> None:
        self._wait: float | None = None

    def allow_request(self, request: HttpRequest) -> bool:
        limit = rate_limit()
        if limit <= 0:
            return True
        window = rate_window()
        context = getattr(request, "auth_context", None)
        caller = context.actor_key if context is not None else f"ip:{self.get_ident(request)}"
        now = time.time()
        key = f"opgave:api:rate:{caller}:{int(now // window)}"
        if count(key, now, window) > limit:
            self._wait = math.ceil(window - now % window)
            return False
        return True

    def wait(self) -> float | None:
        return self._wait


def shared_cache() -> bool:
    backend = str(settings.CACHES.get("default", {}).get("BACKEND", ""))
    return not backend.startswith(_LOCAL_CACHES)


def count_in_cache(key: str, window: int) -> int:
    cache.add(key, 0, timeout=window + 1)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        return 1


def count_in_database(key: str, now: float, window: int) -> int:
    """Add one to the window's counter in one atomic statement; the new count."""
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    expires = dt.datetime.fromtimestamp((now // window + 1) * window, tz=dt.UTC)
    values = "VALUES (%s, 1, %s)"
    if connection.vendor == "postgresql" and connection.get_autocommit():
        # A counter is not worth a disk flush: its one-statement transaction commits without
        # waiting for the WAL (a crash forgets at most the last fraction of a second of counts),
        # so the caller's counter row is locked for microseconds, not for an fsync (ADR 0052).
        values = (
            "SELECT %s, 1, %s FROM (SELECT set_config('synchronous_commit', 'off', true)) AS async_commit"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (key, count, expires_at) {values} "
            f"ON CONFLICT (key) DO UPDATE SET count = {table}.count + 1 RETURNING count",
            [key, connection.ops.adapt_datetimefield_value(expires)],
        )
        count = int(cursor.fetchone()[0])
    if count == 1:  # a caller's first request in a window: sweep the windows that ended
        RateCounter.objects.filter(expires_at__lt=dt.datetime.fromtimestamp(now, tz=dt.UTC)).delete()
    return count


def count(key: str, now: float, window: int) -> int:
    """Add one to ``key``'s counter in the current window (shared by every instance); the new count."""
    return count_in_cache(key, window) if shared_cache() else count_in_database(key, now, window)


def peek(key: str) -> int:
    """The current count of ``key`` without adding to it."""
    if shared_cache():
        return int(cache.get(key, 0))
    # Every API request asks this before anything else: plain SQL, without the query compiler.
    table = connection.ops.quote_name(RateCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count FROM {table} WHERE key = %s", [key])  # noqa: S608 - the table name is ours
        row = cursor.fetchone()
    return int(row[0]) if row else 0


# -- unauthenticated requests per IP address, checked before authentication ------------------


def unauthenticated_limit() -> int:
    return int(getattr(settings, "API_UNAUTHENTICATED_LIMIT", 60))


def _unauthenticated_key(request: HttpRequest, now: float) -> str:
    ip = origin_of(request)
    return f"opgave:api:unauth:{ip}:{int(now // rate_window())}"


def count_unauthenticated(request: HttpRequest) -> None:
    """Count one request of this IP address that failed authentication (a 401)."""
    if unauthenticated_limit() <= 0:
        return
    now = time.time()
    count(_unauthenticated_key(request, now), now, rate_window())


def unauthenticated_wait(request: HttpRequest) -> int | None:
    """Seconds to wait when this IP address used up its failed authentications, else ``None``.

    Asked before anything else of the request happens (no authentication, no audit record).
    """
    limit = unauthenticated_limit()
    if limit <= 0:
        return None
    now = time.time()
    if peek(_unauthenticated_key(request, now)) < limit:
        return None
    window = rate_window()
    return max(1, math.ceil(window - now % window))
