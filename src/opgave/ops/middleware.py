"""Health, metrics and request measurement, ahead of every other middleware.

``/health/live``, ``/health/ready`` and ``/metrics`` are answered here, before host
validation, sessions and authentication: an orchestrator's probe addresses the pod by
its IP, needs no account and must never be throttled. Everything else is timed and its
queries counted for the metrics.
"""

from __future__ import annotations

import hmac
import json
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse

from opgave.ops import health

Handler = Callable[[HttpRequest], HttpResponse]
UNMATCHED = "<geen route>"


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def _json(data: dict[str, Any], status: int = 200) -> HttpResponse:
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), status=status, content_type="application/json"
    )
    response["Cache-Control"] = "no-store"
    return response


class OperationsMiddleware:
    """Serve the probes and ``/metrics``; measure every other request."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path == "/health/live":
            return _json({"status": "ok"})
        if path == "/health/ready":
            report = health.readiness()
            return _json(report.as_dict(), 200 if report.ready else 503)
        if path == "/metrics":
            return self.metrics(request)
        return self.measure(request)

    def metrics(self, request: HttpRequest) -> HttpResponse:
        from opgave.ops import metrics

        token = settings.METRICS_TOKEN
        given = request.headers.get("Authorization", "")
        if not token:
            return HttpResponse("Niet gevonden.", status=404, content_type="text/plain; charset=utf-8")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            response = HttpResponse(
                "Stuur het metrics-token mee: Authorization: Bearer <OPGAVE_METRICS_TOKEN>.",
                status=401,
                content_type="text/plain; charset=utf-8",
            )
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
            return response
        response = HttpResponse(metrics.exposition(), content_type="text/plain; version=0.0.4; charset=utf-8")
        response["Cache-Control"] = "no-store"
        return response

    def measure(self, request: HttpRequest) -> HttpResponse:
        from opgave.ops import metrics

        counter = _QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        elapsed = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        route = f"/{match.route}" if match is not None and match.route else UNMATCHED
        if route.startswith("/static/") or path_is_static(request.path_info):
            route = "/static/"
        method = (
            request.method
            if request.method in {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
            else "OTHER"
        )
        metrics.REQUESTS.labels(route=route, method=method, status=str(response.status_code)).inc()
        metrics.LATENCY.labels(route=route, method=method).observe(elapsed)
        metrics.QUERIES.labels(route=route, method=method).observe(counter.count)
        return response


def path_is_static(path: str) -> bool:
    return path.startswith(str(settings.STATIC_URL))
