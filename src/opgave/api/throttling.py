"""Rate limiting per caller: a fixed window in Django's cache.

Each token, person or (for requests that fail authentication before this point, never)
IP address may make ``API_RATE_LIMIT`` requests per ``API_RATE_WINDOW`` seconds (defaults:
1,200 per 60 s; a limit of 0 switches it off). Past that the API answers **429** as a
problem with ``Retry-After``. The counter lives in the default cache — per process with
the default local-memory cache, shared when a shared cache (e.g. Redis) is configured.

Requests that fail authentication (401) are limited separately per IP address
(``API_UNAUTHENTICATED_LIMIT`` per window): once an address has used them up, every further
request from it is answered 429 *before* authentication, without an audit record.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle


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
        cache.add(key, 0, timeout=window + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 1)
            count = 1
        if count > limit:
            self._wait = math.ceil(window - now % window)
            return False
        return True

    def wait(self) -> float | None:
        return self._wait


# -- unauthenticated requests per IP address, checked before authentication ------------------


def unauthenticated_limit() -> int:
    return int(getattr(settings, "API_UNAUTHENTICATED_LIMIT", 60))


def _unauthenticated_key(request: HttpRequest, now: float) -> str:
    ip = str(request.META.get("REMOTE_ADDR", ""))[:64]
    return f"opgave:api:unauth:{ip}:{int(now // rate_window())}"


def count_unauthenticated(request: HttpRequest) -> None:
    """Count one request of this IP address that failed authentication (a 401)."""
    if unauthenticated_limit() <= 0:
        return
    key = _unauthenticated_key(request, time.time())
    cache.add(key, 0, timeout=rate_window() + 1)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=rate_window() + 1)


def unauthenticated_wait(request: HttpRequest) -> int | None:
    """Seconds to wait when this IP address used up its failed authentications, else ``None``.

    Asked before anything else of the request happens (no authentication, no audit record).
    """
    limit = unauthenticated_limit()
    if limit <= 0:
        return None
    now = time.time()
    if int(cache.get(_unauthenticated_key(request, now), 0)) < limit:
        return None
    window = rate_window()
    return max(1, math.ceil(window - now % window))
