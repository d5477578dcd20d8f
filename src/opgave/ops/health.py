"""Readiness: the database answers, its schema is current, a worker has a recent heartbeat.

No personal data and no configuration details: only which check failed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

_SCHEMA_CURRENT = False  # once seen current, a running process need not look again


@dataclass
class Readiness:
    checks: dict[str, str] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)

    @property
    def ready(self) -> bool:
        return all(self.checks[name] == "ok" for name in self.required)

    def as_dict(self) -> dict[str, object]:
        return {"status": "ok" if self.ready else "niet-klaar", "checks": dict(self.checks)}


def readiness() -> Readiness:
    global _SCHEMA_CURRENT
    report = Readiness(required={"database", "migrations"})
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        report.checks["database"] = "ok"
    except DatabaseError:
        report.checks["database"] = "onbereikbaar"
        report.checks["migrations"] = "onbekend"
        report.checks["worker"] = "onbekend"
        return report
    if not _SCHEMA_CURRENT:
        from opgave.ops.preflight import pending_migrations

        try:
            _SCHEMA_CURRENT = not pending_migrations()
        except DatabaseError:
            _SCHEMA_CURRENT = False
    report.checks["migrations"] = "ok" if _SCHEMA_CURRENT else "ontbreken"
    from opgave.ops.models import WorkerHeartbeat
    from opgave.ops.worker import stale_after

    try:
        alive = WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - stale_after()).exists()
    except DatabaseError:
        alive = False
    report.checks["worker"] = "ok" if alive else "geen recente hartslag"
    if settings.READY_REQUIRES_WORKER:
        report.required.add("worker")
    return report
