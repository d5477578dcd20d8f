"""Tasks the worker tests enqueue (importable by a worker subprocess: ``tests.ops.tasks``)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django_tasks import task

from opgave.core.background import retry


@task()
@retry(attempts=3, backoff=0)
def wait_for_release(release: str) -> str:
    """Say it started, then wait until the file ``release`` exists (the test kills the worker meanwhile)."""
    print("taak-gestart", flush=True)
    sys.stdout.flush()
    while not Path(release).exists():
        time.sleep(0.05)
    return "vrijgegeven"


@task()
def plain(value: int) -> int:
    return value * 2


@task()
@retry(attempts=3, backoff=10, max_backoff=15)
def always_fails(reason: str) -> None:
    raise RuntimeError(reason)
