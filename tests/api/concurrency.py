"""Run callables in real threads at the same moment (PostgreSQL tests with transaction=True)."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from typing import TypeVar

import pytest
from django.db import connections

T = TypeVar("T")

needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="real concurrency needs row locks: runs on PostgreSQL (DATABASE_URL); SQLite serialises writers",
)


def run_together(*jobs: Callable[[], T]) -> list[T]:
    """Start every job in its own thread behind one barrier; return their results in order."""
    barrier = threading.Barrier(len(jobs))
    results: list[T | None] = [None] * len(jobs)
    errors: list[BaseException] = []

    def runner(index: int, job: Callable[[], T]) -> None:
        try:
            barrier.wait()
            results[index] = job()
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results  # type: ignore[return-value]
