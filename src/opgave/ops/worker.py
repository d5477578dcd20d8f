"""``opgave worker``: django-tasks-db's worker with a heartbeat, a reaper, retries and the schedule.

* **Heartbeat**: the worker keeps a :class:`~opgave.ops.models.WorkerHeartbeat` row fresh
  every ``OPGAVE_WORKER_HEARTBEAT_SECONDS`` from a side thread, and deletes it when it stops
  cleanly. ``/health/ready`` reads it.
* **Reaper**: a task left RUNNING by a worker whose heartbeat is older than
  ``OPGAVE_WORKER_STALE_SECONDS`` (killed with ``kill -9``, a crashed machine) is marked
  FAILED with :class:`~opgave.core.background.WorkerLost` as its reason, then retried if
  its task allows it. Every worker reaps; a row lock keeps two from reaping one task.
* **Retries**: see :mod:`opgave.core.background`.
* **Schedule**: see :mod:`opgave.core.schedule`.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from opgave.core import schedule
from opgave.core.background import WorkerLost, policy_of
from opgave.core.logging import get_logger
from opgave.ops.models import ScheduledRun, TaskAttempt, WorkerHeartbeat

log = get_logger("opgave.worker")
FAILED = "FAILED"
RUNNING = "RUNNING"


def heartbeat_seconds() -> float:
    return float(getattr(settings, "WORKER_HEARTBEAT_SECONDS", 5))


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=float(getattr(settings, "WORKER_STALE_SECONDS", 60)))


def attempt_of(task_id: str) -> int:
    found = TaskAttempt.objects.filter(task_id=task_id).values_list("attempt", flat=True).first()
    return found or 1


def retry_if_allowed(result: DBTaskResult) -> str | None:
    """Enqueue the next attempt of a failed task when its policy allows; the new task's id or None."""
    try:
        task = result.task
    except Exception:  # the task no longer exists in the code: nothing to retry
        return None
    policy = policy_of(task.func)
    attempt = attempt_of(str(result.id))
    if attempt >= policy.attempts:
        if policy.attempts > 1:
            log.warning("task.gave_up", task=result.task_path, task_id=str(result.id), attempts=attempt)
        return None
    run_after = timezone.now() + dt.timedelta(seconds=policy.delay(attempt))
    arguments = result.args_kwargs
    with transaction.atomic():
        first = (
            TaskAttempt.objects.filter(task_id=str(result.id)).values_list("first_task_id", flat=True).first()
        )
        new = task.using(run_after=run_after).enqueue(*arguments["args"], **arguments["kwargs"])
        TaskAttempt.objects.create(
            task_id=str(new.id),
            first_task_id=first or str(result.id),
            attempt=attempt + 1,
            previous_task_id=str(result.id),
        )
    log.info("task.retry_enqueued", task=result.task_path, task_id=str(new.id), attempt=attempt + 1)
    return str(new.id)


def reap_lost_tasks(now: dt.datetime | None = None) -> list[str]:
    """Fail (and maybe retry) tasks RUNNING on a worker without a recent heartbeat; their ids."""
    now = now or timezone.now()
    threshold = now - stale_after()
    alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=threshold).values_list("worker_id", flat=True))
    reaped: list[str] = []
    candidates = DBTaskResult.objects.filter(status=RUNNING, started_at__lt=threshold).values_list(
        "id", "worker_ids"
    )
    for task_id, worker_ids in list(candidates):
        owner = worker_ids[-1] if worker_ids else ""
        if owner in alive:
            continue
        with transaction.atomic():
            result = (
                DBTaskResult.objects.select_for_update(skip_locked=True)
                .filter(id=task_id, status=RUNNING)
                .first()
            )
            if result is None:
                continue
            seen = WorkerHeartbeat.objects.filter(worker_id=owner).values_list("seen_at", flat=True).first()
            last = f"laatste hartslag {seen.isoformat()}" if seen else "geen hartslag bekend"
            result.set_failed(WorkerLost(f"De worker {owner or '?'} stopte tijdens deze taak ({last})."))
        log.warning("task.worker_lost", task=result.task_path, task_id=str(task_id), worker=owner)
        retry_if_allowed(result)
        reaped.append(str(task_id))
    WorkerHeartbeat.objects.filter(seen_at__lt=now - dt.timedelta(days=1)).delete()
    return reaped


def enqueue_due(now: dt.datetime | None = None, entries: Iterable[schedule.Entry] | None = None) -> list[str]:
    """Enqueue each schedule entry whose current period nobody claimed yet; the claimed keys."""
    now = now or timezone.now()
    claimed: list[str] = []
    for entry in entries if entries is not None else schedule.entries():
        start = entry.period_start(now)
        key = f"{entry.key}@{start.isoformat()}"
        if ScheduledRun.objects.filter(key=key).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(
                    key=key, schedule_key=entry.key, period_start=start, task_id=""
                )
                result = entry.task.enqueue(*entry.args, **entry.kwargs)
                run.task_id = str(result.id)
                run.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another worker claimed this period first
        log.info("schedule.enqueued", schedule=entry.key, period_start=start.isoformat())
        claimed.append(key)
    return claimed


class OpgaveWorker(Worker):
    """The django-tasks-db worker plus heartbeat, reaper, retries and schedule."""

    def __init__(self, *, schedule_enabled: bool = True, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.schedule_enabled = schedule_enabled
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def beat(self) -> None:
        now = timezone.now()
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={"seen_at": now, "hostname": socket.gethostname()[:255], "pid": os.getpid()},
            create_defaults={
                "seen_at": now,
                "started_at": now,
                "hostname": socket.gethostname()[:255],
                "pid": os.getpid(),
            },
        )

    def maintain(self) -> None:
        """One round of upkeep: heartbeat, reaper, schedule."""
        self.beat()
        reap_lost_tasks()
        if self.schedule_enabled:
            enqueue_due()

    def _maintenance_loop(self) -> None:
        try:
            while not self._stop.wait(heartbeat_seconds()):
                try:
                    close_old_connections()
                    self.maintain()
                except Exception:
                    log.exception("worker.maintenance_failed")
        finally:
            connection.close()

    def run(self) -> None:
        self.maintain()
        self._thread = threading.Thread(target=self._maintenance_loop, name="opgave-heartbeat", daemon=True)
        self._thread.start()
        log.info("worker.started", worker=self.worker_id)
        try:
            super().run()
        finally:
            self._stop.set()
            self._thread.join(timeout=heartbeat_seconds() + 5)
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
            log.info("worker.stopped", worker=self.worker_id)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        if db_task_result.status == FAILED:
            retry_if_allowed(db_task_result)


def run_worker(*, queues: list[str], interval: float, batch: bool, schedule: bool = True) -> None:
    worker = OpgaveWorker(
        queue_names=queues,
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=not batch,
        max_tasks=None,
        worker_id=f"{socket.gethostname()[:40]}-{get_random_string(12)}",
        excluded_queue_names=[],
        schedule_enabled=schedule,
    )
    worker.configure_signals()
    worker.run()
