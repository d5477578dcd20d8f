"""Background work for every app: tasks with retries (run by ``opgave worker``).

A task is a module-level function in ``<app>/tasks.py`` decorated with django-tasks'
``@task()``; enqueue it with ``.enqueue(...)`` (in the transaction of the change that
causes it: the database backend stores it there). To have failures retried, put
:func:`retry` **under** ``@task()``::

    from django_tasks import task
    from opgave.core.background import retry

    @task()
    @retry(attempts=5, backoff=30)
    def send_reminder(session_uuid: str) -> None: ...

A failed attempt stays in the task table as FAILED with its exception and traceback;
the worker enqueues the next attempt as a new task with ``run_after`` = now +
``backoff × 2^(attempt-1)`` seconds (capped at ``max_backoff``). A task whose worker
died mid-run (``kill -9``, a crashed pod) is marked FAILED with :class:`WorkerLost` as
its reason by the next worker that notices the missing heartbeat, and retried the same
way. Tasks without :func:`retry` get one attempt. Tasks must therefore be idempotent:
an attempt may have done part of its work before it failed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

RETRY_ATTRIBUTE = "__opgave_retry__"


class WorkerLost(Exception):
    """The worker running the task stopped (killed, crashed) before the task finished."""


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 1
    backoff: float = 30.0
    max_backoff: float = 3600.0

    def delay(self, attempt: int) -> float:
        """Seconds to wait before attempt ``attempt + 1`` (``attempt`` counts from 1)."""
        return float(min(self.max_backoff, self.backoff * 2 ** max(0, attempt - 1)))


NO_RETRY = RetryPolicy()


def retry(*, attempts: int = 5, backoff: float = 30.0, max_backoff: float = 3600.0) -> Callable[[F], F]:
    """Let the worker run a task up to ``attempts`` times, waiting longer after each failure."""
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    policy = RetryPolicy(attempts=attempts, backoff=backoff, max_backoff=max_backoff)

    def decorate(func: F) -> F:
        setattr(func, RETRY_ATTRIBUTE, policy)
        return func

    return decorate


def policy_of(func: Callable[..., Any]) -> RetryPolicy:
    return getattr(func, RETRY_ATTRIBUTE, NO_RETRY)
