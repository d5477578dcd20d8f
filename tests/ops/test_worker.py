"""``opgave worker``: retries with backoff, a task survives ``kill -9`` of its worker, periodic tasks."""

from __future__ import annotations

import datetime as dt
import json
import signal
from pathlib import Path

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from tests.ops import tasks
from tests.ops.processes import environment, run, started

from opgave.core import schedule
from opgave.ops.models import ScheduledRun, TaskAttempt, WorkerHeartbeat
from opgave.ops.worker import OpgaveWorker, enqueue_due, reap_lost_tasks


def _worker() -> OpgaveWorker:
    return OpgaveWorker(
        queue_names=["*"],
        interval=0.1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="proef-worker",
        excluded_queue_names=[],
    )


def _claimed(task_id: str) -> DBTaskResult:
    result = DBTaskResult.objects.get(id=task_id)
    result.claim("proef-worker")
    return result


@pytest.mark.django_db
def test_a_failing_task_is_retried_with_growing_backoff_until_its_attempts_run_out() -> None:
    first = tasks.always_fails.enqueue("kapot")
    worker = _worker()
    ids = [str(first.id)]
    for _ in range(3):
        before = timezone.now()
        worker.run_task(_claimed(ids[-1]))
        failed = DBTaskResult.objects.get(id=ids[-1])
        assert failed.status == "FAILED" and "RuntimeError: kapot" in failed.traceback
        following = TaskAttempt.objects.filter(previous_task_id=ids[-1]).first()
        if following is None:
            break
        retried = DBTaskResult.objects.get(id=following.task_id)
        assert retried.status == "READY" and retried.args_kwargs == {"args": ["kapot"], "kwargs": {}}
        assert following.first_task_id == ids[0] and following.attempt == len(ids) + 1
        delay = (retried.run_after - before).total_seconds()
        assert [10, 15][len(ids) - 1] <= delay < [10, 15][len(ids) - 1] + 5  # 10 s, then 20 s capped at 15
        ids.append(following.task_id)
    assert len(ids) == 3, "three attempts in all, then it stays failed"
    assert DBTaskResult.objects.filter(status="READY").count() == 0


@pytest.mark.django_db
def test_a_task_without_retry_policy_fails_once() -> None:
    plain = tasks.plain.enqueue(1)
    DBTaskResult.objects.filter(id=plain.id).update(args_kwargs={"args": [], "kwargs": {}})  # a TypeError
    _worker().run_task(_claimed(str(plain.id)))
    assert DBTaskResult.objects.get(id=plain.id).status == "FAILED"
    assert not TaskAttempt.objects.exists() and not DBTaskResult.objects.filter(status="READY").exists()


@pytest.mark.django_db
def test_the_reaper_fails_tasks_of_a_silent_worker_and_spares_a_living_one() -> None:
    now = timezone.now()
    long_ago = now - dt.timedelta(minutes=10)
    WorkerHeartbeat.objects.create(worker_id="dood", started_at=long_ago, seen_at=long_ago)
    WorkerHeartbeat.objects.create(worker_id="levend", started_at=long_ago, seen_at=now)
    lost = tasks.plain.enqueue(1)
    busy = tasks.plain.enqueue(2)
    DBTaskResult.objects.filter(id=lost.id).update(status="RUNNING", started_at=long_ago, worker_ids=["dood"])
    DBTaskResult.objects.filter(id=busy.id).update(
        status="RUNNING", started_at=long_ago, worker_ids=["levend"]
    )
    assert reap_lost_tasks(now) == [str(lost.id)]
    failed = DBTaskResult.objects.get(id=lost.id)
    assert failed.status == "FAILED"
    assert failed.exception_class_path == "opgave.core.background.WorkerLost"
    assert "De worker dood stopte tijdens deze taak" in failed.traceback
    assert DBTaskResult.objects.get(id=busy.id).status == "RUNNING"
    assert not DBTaskResult.objects.filter(status="READY").exists(), "plain has no retry policy"


@pytest.mark.django_db
def test_a_schedule_enqueues_once_per_period() -> None:
    entry = schedule.Entry(key="proef.dagelijks", period=schedule.DAY, task=tasks.plain, args=(21,))
    morning = dt.datetime(2026, 11, 26, 6, 0, tzinfo=dt.UTC)
    assert enqueue_due(morning, [entry]) == ["proef.dagelijks@2026-11-26T00:00:00+00:00"]
    assert enqueue_due(morning + dt.timedelta(hours=5), [entry]) == []  # same day: nothing new
    # Another instance that missed the exists() check still cannot claim the period twice.
    assert ScheduledRun.objects.filter(schedule_key="proef.dagelijks").count() == 1
    assert enqueue_due(morning + dt.timedelta(days=1), [entry]) == [
        "proef.dagelijks@2026-11-27T00:00:00+00:00"
    ]
    queued = DBTaskResult.objects.filter(task_path="tests.ops.tasks.plain")
    assert queued.count() == 2 and all(r.args_kwargs["args"] == [21] for r in queued)


def test_schedule_periods_and_validation() -> None:
    entry = schedule.Entry(key="x", period=schedule.DAY, task=tasks.plain, at=dt.timedelta(hours=6))
    assert entry.period_start(dt.datetime(2026, 11, 26, 5, 59, tzinfo=dt.UTC)) == dt.datetime(
        2026, 11, 25, 6, 0, tzinfo=dt.UTC
    )
    assert entry.period_start(dt.datetime(2026, 11, 26, 6, 0, tzinfo=dt.UTC)) == dt.datetime(
        2026, 11, 26, 6, 0, tzinfo=dt.UTC
    )
    with pytest.raises(ValueError):
        schedule.every(dt.timedelta(seconds=5), tasks.plain)
    with pytest.raises(ValueError):
        schedule.every(schedule.HOUR, tasks.plain, at=dt.timedelta(hours=2))
    registered = schedule.every(schedule.HOUR, tasks.plain, key="proef.uurlijks")
    try:
        assert registered in schedule.entries()
    finally:
        schedule.REGISTRY.pop("proef.uurlijks")


def _shell(env: dict[str, str], code: str) -> str:
    result = run("manage", "shell", "--verbosity", "0", "-c", code, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    return lines[-1] if lines else ""


@pytest.mark.xdist_group("ops-processes")
def test_a_task_survives_kill_9_of_its_worker(migrated: Path, tmp_path: Path) -> None:
    env = environment(migrated, PYTHONUNBUFFERED="1")
    release = tmp_path / "vrijgeven"
    task_id = _shell(
        env, f"from tests.ops.tasks import wait_for_release as t; print(t.enqueue({str(release)!r}).id)"
    )
    with started("worker", "--interval", "0.1", env=env) as worker:
        worker.wait_for("taak-gestart")
        worker.process.send_signal(signal.SIGKILL)
        assert worker.process.wait() == -signal.SIGKILL
    state = json.loads(
        _shell(
            env,
            "import json; from django_tasks_db.models import DBTaskResult as R; "
            f"r = R.objects.get(id={task_id!r}); print(json.dumps([r.status, r.worker_ids]))",
        )
    )
    assert state[0] == "RUNNING", "killed mid-task: the row still says RUNNING"
    # Time passes (stored timestamps moved, no sleeping): the dead worker's heartbeat goes stale.
    _shell(
        env,
        "import datetime as dt; from django.utils import timezone; "
        "from django_tasks_db.models import DBTaskResult as R; from opgave.ops.models import WorkerHeartbeat as H; "
        "old = timezone.now() - dt.timedelta(minutes=5); "
        f"H.objects.filter(worker_id={state[1][-1]!r}).update(seen_at=old); "
        f"R.objects.filter(id={task_id!r}).update(started_at=old)",
    )
    release.touch()
    result = run("worker", "--batch", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    outcome = json.loads(
        _shell(
            env,
            "import json; from django_tasks_db.models import DBTaskResult as R; "
            "from opgave.ops.models import TaskAttempt as A; "
            f"r = R.objects.get(id={task_id!r}); a = A.objects.get(previous_task_id={task_id!r}); "
            "n = R.objects.get(id=a.task_id); "
            "print(json.dumps([r.status, r.exception_class_path, r.traceback, a.attempt, n.status, n.return_value]))",
        )
    )
    status, exception, traceback, attempt, retried_status, value = outcome
    assert (status, exception) == ("FAILED", "opgave.core.background.WorkerLost")
    assert f"De worker {state[1][-1]} stopte tijdens deze taak" in traceback
    assert (attempt, retried_status, value) == (2, "SUCCESSFUL", "vrijgegeven")
