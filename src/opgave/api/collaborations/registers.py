"""Tensions, goals (with measurements), lessons and the activity log of a collaboration."""

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from opgave.api.collaborations.common import READ, WRITE, actor_of, collaboration_of, principal
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
from opgave.api.conditional import if_match, with_etag
from opgave.api.idempotency import idempotent
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.api.responses import json_response
from opgave.collaborations import pulse, selectors, services
from opgave.collaborations.models import Activity, Lesson

router = Router(tags=["Registers van een samenwerking"])


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
def list_tensions(
    request: HttpRequest, response: HttpResponse, collaboration_id: uuid.UUID, page: Query[PageParams]
) -> dict[str, Any]:
    return paginate(
        request,
        selectors.tensions(principal(request), collaboration_of(request, collaboration_id)),
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
def create_tension(request: HttpRequest, collaboration_id: uuid.UUID, payload: TensionIn) -> HttpResponse:
    item = collaboration_of(request, collaboration_id)
    tension = services.add_tension(item, **payload.model_dump(), actor=actor_of(request))
    return _created(TensionOut.build(tension), tension)


@router.patch(
    "/tensions/{tension_id}",
    response=TensionOut,
    auth=WRITE,
    url_name="tension-update",
    summary="Spanning bijwerken, bijvoorbeeld hoe ermee wordt omgegaan (If-Match)",
)
def update_tension(
    request: HttpRequest, response: HttpResponse, tension_id: uuid.UUID, payload: TensionPatch
) -> TensionOut:
    tension = selectors.tension(principal(request), tension_id)
    revision = if_match(request, tension)
    fields = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    updated = services.update_tension(tension, expected_revision=revision, **fields, actor=actor_of(request))
    with_etag(response, updated)
    return TensionOut.build(updated)


@router.get(
    "/collaborations/{collaboration_id}/goals",
    response=page_of(GoalOut),
    auth=READ,
    url_name="goal-list",
    summary="Doelen met indicatoren en metingen",
)
def list_goals(
    request: HttpRequest, response: HttpResponse, collaboration_id: uuid.UUID, page: Query[PageParams]
) -> dict[str, Any]:
    return paginate(
        request,
        selectors.goals(principal(request), collaboration_of(request, collaboration_id)),
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
def create_goal(request: HttpRequest, collaboration_id: uuid.UUID, payload: GoalIn) -> HttpResponse:
    goal = services.add_goal(
        collaboration_of(request, collaboration_id), **payload.model_dump(), actor=actor_of(request)
    )
    return _created(GoalOut.build(goal), goal)


@router.post(
    "/goals/{goal_id}/measurements",
    response={201: GoalOut},
    auth=WRITE,
    url_name="goal-measure",
    summary="Meting op een doel vastleggen",
)
@idempotent()
def measure(request: HttpRequest, goal_id: uuid.UUID, payload: MeasurementIn) -> HttpResponse:
    goal = selectors.goal(principal(request), goal_id)
    services.record_measurement(
        goal, value=payload.value, measured_at=payload.measured_at, note=payload.note, actor=actor_of(request)
    )
    return _created(GoalOut.build(goal), goal)


@router.get(
    "/collaborations/{collaboration_id}/lessons",
    response=page_of(LessonOut),
    auth=READ,
    url_name="lesson-list",
    summary="Lessen",
)
def list_lessons(
    request: HttpRequest, response: HttpResponse, collaboration_id: uuid.UUID, page: Query[PageParams]
) -> dict[str, Any]:
    lessons = selectors.lessons(principal(request), collaboration_of(request, collaboration_id))
    return paginate(request, lessons, page, ordering=("-recorded_at",), serialize=_lesson, response=response)


@router.post(
    "/collaborations/{collaboration_id}/lessons",
    response={201: LessonOut},
    auth=WRITE,
    url_name="lesson-create",
    summary="Les vastleggen",
)
@idempotent()
def create_lesson(request: HttpRequest, collaboration_id: uuid.UUID, payload: LessonIn) -> HttpResponse:
    lesson = services.add_lesson(
        collaboration_of(request, collaboration_id), **payload.model_dump(), actor=actor_of(request)
    )
    return _created(_lesson(lesson))


@router.get(
    "/collaborations/{collaboration_id}/activities",
    response=page_of(ActivityOut),
    auth=READ,
    url_name="activity-list",
    summary="Activiteitenlog",
)
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
def create_activity(request: HttpRequest, collaboration_id: uuid.UUID, payload: ActivityIn) -> HttpResponse:
    activity = services.log_activity(
        collaboration_of(request, collaboration_id), **payload.model_dump(), actor=actor_of(request)
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
def submit_pulse(request: HttpRequest, collaboration_id: uuid.UUID, payload: PulseIn) -> HttpResponse:
    item = collaboration_of(request, collaboration_id)
    services.submit_pulse(item, scores=payload.scores, actor=actor_of(request))
    return _created(_pulse_out(request, item))
