"""Run the background tasks a test enqueued, through the platform's own worker (as ``opgave worker``).

Tests use the database task backend, as production does: ``enqueue`` stores a row and nothing runs
until a worker claims it. :func:`run_enqueued_tasks` is that worker, in-process — no mock.
"""

from __future__ import annotations

from django_tasks_db.models import DBTaskResult

from opgave.ops.worker import OpgaveWorker

WORKER_ID = "proef-worker"


def run_enqueued_tasks() -> list[str]:
    """Claim and run every ready task (in enqueue order); returns the task paths that ran."""
    worker = OpgaveWorker(
        queue_names=["*"],
        interval=0.1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=WORKER_ID,
        excluded_queue_names=[],
        schedule_enabled=False,
    )
    ran = []
    for result in list(DBTaskResult.objects.ready().order_by("enqueued_at")):
        result.claim(WORKER_ID)
        worker.run_task(result)
        ran.append(result.task_path)
    return ran
