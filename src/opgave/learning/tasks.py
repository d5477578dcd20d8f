"""Background work of the learning pillar (django-tasks). :func:`daily` is registered with the
platform's scheduler (:mod:`opgave.core.schedule`, from ``LearningConfig.ready``) for 05:00 UTC every
day; it is a plain task, so ``daily.enqueue()`` or ``daily.call()`` also work.

Each run:

* plans the twinnings' evaluations (yearly and before the planned end) that are not planned yet;
* recomputes the landscape's overlaps and notifies both sides of a new strong overlap.
"""

from __future__ import annotations

from typing import Any

from django_tasks import task

from opgave.core.actors import Actor
from opgave.learning import services
from opgave.learning.models import Twinning, TwinningStatus


@task()
def daily() -> dict[str, Any]:
    planned = 0
    for item in Twinning.objects.filter(status=TwinningStatus.ACTIEF):
        planned += len(services.schedule_evaluations(item))
    report = services.refresh_overlaps(actor=Actor.system(origin="task"))
    return {"evaluations_planned": planned, "overlaps": report.found, "notified": report.notified}
