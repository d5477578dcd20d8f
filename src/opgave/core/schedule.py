"""Periodic background work: ``every(period, task)`` registers a task the worker enqueues once per period.

Register from your ``AppConfig.ready`` (the registry is filled at start-up in every process)::

    from datetime import timedelta
    from opgave.core import schedule
    from opgave.<app>.tasks import send_due_reminders

    schedule.every(timedelta(days=1), send_due_reminders, at=timedelta(hours=6))

Every running ``opgave worker`` looks at the schedule about once a minute. For each entry
it claims the current period (``key:period start``) with a row in a table that has a
unique key; only the worker whose insert succeeds enqueues the task, in the same
transaction. So with several workers on several machines a daily task runs once a day.
Periods are counted in UTC from the Unix epoch, shifted by ``at`` (``at=6 h`` on a daily
schedule: each day at 06:00 UTC). A period that passed while no worker ran is not made up
for: the next period is enqueued when it starts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

MINUTE = dt.timedelta(minutes=1)
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(weeks=1)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Entry:
    key: str
    period: dt.timedelta
    task: Any  # a django_tasks Task
    at: dt.timedelta = dt.timedelta(0)
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    def period_start(self, now: dt.datetime) -> dt.datetime:
        """The start of the period ``now`` falls in."""
        elapsed = (now - _EPOCH - self.at) // self.period
        return _EPOCH + self.at + elapsed * self.period


REGISTRY: dict[str, Entry] = {}


def every(
    period: dt.timedelta,
    task: Any,
    *,
    at: dt.timedelta = dt.timedelta(0),
    key: str | None = None,
    args: tuple[Any, ...] = (),
    kwargs: dict[str, Any] | None = None,
) -> Entry:
    """Run ``task`` once per ``period`` (at least one minute), ``at`` after each period's start."""
    if period < MINUTE:
        raise ValueError("a schedule's period is at least one minute")
    if not dt.timedelta(0) <= at < period:
        raise ValueError("'at' must lie within the period")
    name = key or getattr(task, "module_path", None) or f"{task.__module__}.{task.__qualname__}"
    entry = Entry(key=name, period=period, task=task, at=at, args=args, kwargs=dict(kwargs or {}))
    REGISTRY[name] = entry
    return entry


def entries() -> list[Entry]:
    return sorted(REGISTRY.values(), key=lambda entry: entry.key)
