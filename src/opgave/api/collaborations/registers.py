"""Tensions, goals (with measurements), lessons and the activity log of a collaboration."""

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from opgave.api.collaborations.common import READ, WRITE, actor, collaboration_of, domain, principal
from opgave.api.collaborations.schemas import (
    ActivityIn,
    ActivityOut,
    GoalIn,
    GoalOut,
    LessonIn,
    LessonOut,
    MeasurementIn,
    PulseIn,
    PulseOut,
    PulsePoint,
    TensionIn,
    TensionOut,
    TensionPatch,
)
from opgave.api.conditional import expected_revision, with_etag
from opgave.api.idempotency import idempotent
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.api.responses import json_response
from opgave.collaborations import errors, pulse, selectors, services
from opgave.collaborations.models import Activity, Goal, Lesson, Tension

router = Router(tags=["Registers van een samenwerking"])


def _private(request: HttpRequest, collaboration_id: uuid.UUID) -> Any:
    item = collaboration_of(request, collaboration_id)
    selectors.require_private(principal(request), item)
    return item


def _lesson(x: Lesson) -> LessonOut:
    return LessonOut(
        id=x.uuid, title=x.title, order=x.order, description=x.description, recorded_at=x.recorded_at
    )


def _activity(x: Activity) -> ActivityOut:
    return ActivityOut(
        id=x.uuid, kind=x.kind, title=x.title, description=x.description, occurred_at=x.occurred_at
    )


def _created(data: Any, obj: Any = None) -> HttpResponse:
    response = json_response(data, status=201)
    return with_etag(response, obj) if obj is not None else response


@router.get(
    "/collaborations/{collaboration_id}/tensions",
    response=page_of(TensionOut),
    auth=READ,
    url_name="tension-list",
    summary="Spanningen en dilemma's",
)
@domain
def list_tensions(
    request: HttpRequest, response: HttpResponse, collaboration_id: uuid.UUID, page: Query[PageParams]
) -> dict[str, Any]:
    item = _private(request, collaboration_id)
    return paginate(
        request,
        item.tensions.all(),
        page,
        ordering=("-created_at",),
        serialize=TensionOut.build,
        response=response,
    )


@router.post(
    "/collaborations/{collaboration_id}/tensions",
    response={201: TensionOut},
    auth=WRITE,
    url_name="tension-create",
    summary="Spanning vastleggen",
)
@idempotent()
@domain
def create_tension(request: HttpRequest, collaboration_id: uuid.UUID, payload: TensionIn) -> HttpResponse:
    item = _private(request, collaboration_id)
    tension = services.add_tension(actor(request), item, **payload.model_dump())
    return _created(TensionOut.build(tension), tension)


@router.patch(
    "/tensions/{tension_id}",
    response=TensionOut,
    auth=WRITE,
    url_name="tension-update",
    summary="Spanning bijwerken, bijvoorbeeld hoe ermee wordt omgegaan (If-Match)",
)
@domain
def update_tension(
    request: HttpRequest, response: HttpResponse, tension_id: uuid.UUID, payload: TensionPatch
) -> TensionOut:
    tension = Tension.objects.select_related("collaboration").filter(uuid=tension_id).first()
    if tension is None:
        raise errors.NotFound("Deze spanning bestaat niet.")
    selectors.require_private(principal(request), tension.collaboration)
    revision = expected_revision(request, tension)
    fields = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    updated = services.update_tension(actor(request), tension, expected_revision=revision, **fields)
    with_etag(response, updated)
    return TensionOut.build(updated)


@router.get(
    "/collaborations/{collaboration_id}/goals",
    response=page_of(GoalOut),
    auth=READ,
    url_name="goal-list",
    summary="Doelen met indicatoren en metingen",
)
@domain
def list_goals(
    request: HttpRequest, response: HttpResponse, collaboration_id: uuid.UUID, page: Query[PageParams]
) -> dict[str, Any]:
    item = _private(request, collaboration_id)
    return paginate(
        request,
        item.goals.prefetch_related("measurements"),
        page,
        ordering=("title",),
        serialize=GoalOut.build,
        response=response,
    )


@router.post(
    "/collaborations/{collaboration_id}/goals",
    response={201: GoalOut},
    auth=WRITE,
    url_name="goal-create",
    summary="Doel vastleggen",
)
@idempotent()
@domain
def create_goal(request: HttpRequest, collaboration_id: uuid.UUID, payload: GoalIn) -> HttpResponse:
    goal = services.add_goal(actor(request), _private(request, collaboration_id), **payload.model_dump())
    return _created(GoalOut.build(goal), goal)


@router.post(
    "/goals/{goal_id}/measurements",
    response={201: GoalOut},
    auth=WRITE,
    url_name="goal-measure",
    summary="Meting op een doel vastleggen",
)
@idempotent()
@domain
def measure(request: HttpRequest, goal_id: uuid.UUID, payload: MeasurementIn) -> HttpResponse:
    goal = Goal.objects.select_related("collaboration").filter(uuid=goal_id).first()
    if goal is None:
        raise errors.NotFound("Dit doel bestaat niet.")
    selectors.require_private(principal(request), goal.collaboration)
    services.record_measurement(
        actor(request), goal, value=payload.value, measured_at=payload.measured_at, note=payload.note
    )
    return _created(GoalOut.build(goal), goal)


@router.get(
    "/collaborations/{collaboration_id}/lessons",
    response=page_of(LessonOut),
    auth=READ,
    url_name="lesson-list",
    summary="Lessen",
)
@domain
def list_lessons(
    request: HttpRequest, response: HttpResponse, collaboration_id: uuid.UUID, page: Query[PageParams]
) -> dict[str, Any]:
    item = _private(request, collaboration_id)
    return paginate(
        request, item.lessons.all(), page, ordering=("-recorded_at",), serialize=_lesson, response=response
    )


@router.post(
    "/collaborations/{collaboration_id}/lessons",
    response={201: LessonOut},
    auth=WRITE,
    url_name="lesson-create",
    summary="Les vastleggen",
)
@idempotent()
@domain
def create_lesson(request: HttpRequest, collaboration_id: uuid.UUID, payload: LessonIn) -> HttpResponse:
    lesson = services.add_lesson(actor(request), _private(request, collaboration_id), **payload.model_dump())
    return _created(_lesson(lesson))


@router.get(
    "/collaborations/{collaboration_id}/activities",
    response=page_of(ActivityOut),
    auth=READ,
    url_name="activity-list",
    summary="Activiteitenlog",
)
@domain
def list_activities(
    request: HttpRequest, response: HttpResponse, collaboration_id: uuid.UUID, page: Query[PageParams]
) -> dict[str, Any]:
    qs = selectors.activities(principal(request), collaboration_of(request, collaboration_id))
    return paginate(request, qs, page, ordering=("-occurred_at",), serialize=_activity, response=response)


@router.post(
    "/collaborations/{collaboration_id}/activities",
    response={201: ActivityOut},
    auth=WRITE,
    url_name="activity-create",
    summary="Overleg, bericht of besluit vastleggen",
)
@idempotent()
@domain
def create_activity(request: HttpRequest, collaboration_id: uuid.UUID, payload: ActivityIn) -> HttpResponse:
    activity = services.log_activity(
        actor(request), _private(request, collaboration_id), **payload.model_dump()
    )
    return _created(_activity(activity))


def _pulse_out(request: HttpRequest, item: Any) -> PulseOut:
    points = selectors.pulse_trend(principal(request), item)
    return PulseOut(
        statements=pulse.ITEMS,
        trend=[PulsePoint(end=p.end, responses=p.responses, means=p.means) for p in points],
    )


@router.get(
    "/collaborations/{collaboration_id}/pulse",
    response=PulseOut,
    auth=READ,
    url_name="pulse",
    summary="Gezondheidspuls: de stellingen en het verloop per kwartaal",
)
@domain
def get_pulse(request: HttpRequest, collaboration_id: uuid.UUID) -> PulseOut:
    return _pulse_out(request, collaboration_of(request, collaboration_id))


@router.post(
    "/collaborations/{collaboration_id}/pulse",
    response={201: PulseOut},
    auth=WRITE,
    url_name="pulse-create",
    summary="Gezondheidspuls invullen (personen die deelnemen)",
)
@idempotent()
@domain
def submit_pulse(request: HttpRequest, collaboration_id: uuid.UUID, payload: PulseIn) -> HttpResponse:
    item = _private(request, collaboration_id)
    services.submit_pulse(actor(request), item, scores=payload.scores)
    return _created(_pulse_out(request, item))
