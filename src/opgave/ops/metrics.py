"""Prometheus metrics (prometheus-client): requests per route, queries per request, tasks, audit appends.

Under ``opgave serve`` every server process writes its samples to
``PROMETHEUS_MULTIPROC_DIR`` and ``/metrics`` adds them up (prometheus-client's
multi-process mode), so a scrape sees the whole instance, not one process. Task
figures are read from the database at scrape time: they are the same on every instance.
"""

from __future__ import annotations

import os
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector

from opgave.core.services import chain

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
QUERY_BUCKETS = (0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89)

REQUESTS = Counter(
    "opgave_http_requests_total",
    "HTTP-verzoeken per route, methode en status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "opgave_http_request_duration_seconds",
    "Duur van HTTP-verzoeken per route en methode.",
    ["route", "method"],
    buckets=LATENCY_BUCKETS,
)
QUERIES = Histogram(
    "opgave_http_request_db_queries",
    "Aantal databasequery's per HTTP-verzoek, per route.",
    ["route", "method"],
    buckets=QUERY_BUCKETS,
)
AUDIT_APPEND = Histogram(
    "opgave_log_append_duration_seconds",
    "Duur van het toevoegen van een record aan een hash-keten (audit of processing).",
    ["log"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
)


def _observe_append(log: str, seconds: float) -> None:
    AUDIT_APPEND.labels(log=log).observe(seconds)


if _observe_append not in chain.APPEND_OBSERVERS:
    chain.APPEND_OBSERVERS.append(_observe_append)


class TaskCollector:
    """Task counts by status and queue, read from django-tasks-db's table at scrape time."""

    def collect(self) -> Any:
        from django.db.models import Count
        from django_tasks_db.models import DBTaskResult

        from opgave.ops.models import WorkerHeartbeat
        from opgave.ops.worker import stale_after

        tasks = GaugeMetricFamily(
            "opgave_tasks",
            "Achtergrondtaken per status en wachtrij (READY = wachtrijdiepte).",
            labels=["status", "queue"],
        )
        for row in DBTaskResult.objects.values("status", "queue_name").annotate(n=Count("id")).order_by():
            tasks.add_metric([row["status"], row["queue_name"]], row["n"])
        yield tasks
        from django.utils import timezone

        workers = GaugeMetricFamily("opgave_workers_alive", "Workers met een recente hartslag.")
        workers.add_metric(
            [], WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - stale_after()).count()
        )
        yield workers


def exposition() -> bytes:
    """The metrics in Prometheus' text format, summed over all server processes."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
    else:
        for metric in (REQUESTS, LATENCY, QUERIES, AUDIT_APPEND):
            registry.register(metric)
    registry.register(TaskCollector())
    return generate_latest(registry)
