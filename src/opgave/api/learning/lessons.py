"""``/learning/lessons`` and ``/learning/academy``: the lessons, Dutch full-text search with facets,
and lessons from collaborations like yours."""

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from opgave.api.idempotency import idempotent
from opgave.api.learning.common import READ, WRITE, actor, changed, created, given_fields, shown
from opgave.api.learning.schemas import (
    AcademyLessonIn,
    AcademyLessonOut,
    AcademyLessonPatch,
    FacetOut,
    SearchOut,
    SearchParams,
    SimilarOut,
)
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.core import exceptions as errors
from opgave.learning import selectors, services

router = Router(tags=["Leren: lessen en academie"])


@router.get(
    "/learning/academy",
    response=SearchOut,
    auth=READ,
    url_name="academy-search",
    summary="Lessen zoeken (Nederlands, met facetten)",
)
def search_academy(request: HttpRequest, params: Query[SearchParams]) -> SearchOut:
    """Zoekt in alle lessen die je mag zien; "schulden" vindt ook "schuld". Facetten tellen per orde,
    perspectief, ontwerpstap, thema en regio hoeveel zichtbare lessen er zijn. Bij meer dan 1.000
    treffers stopt het tellen: `total_exact` en `facets_exact` zeggen dan eerlijk dat het totaal en de
    facetten alleen over de 1.000 nieuwste treffers gaan; verder bladeren met `offset` kan wel."""
    result = selectors.search(
        actor(request),
        selectors.SearchFilters(
            query=params.q,
            order=params.order,
            perspective=params.perspective,
            step=params.step,
            theme=params.theme,
            region=str(params.region) if params.region else "",
        ),
    )
    rows = list(result.lessons[params.offset : params.offset + params.limit])
    return SearchOut(
        total=result.total,
        total_exact=result.total_exact,
        facets_exact=result.facets_exact,
        query_ignored=result.ignored_query,
        facets={
            key: [FacetOut(value=v.value, label=v.label, count=v.count) for v in values]
            for key, values in result.facets.items()
        },
        results=[AcademyLessonOut.build(x) for x in rows],
    )


@router.get(
    "/learning/lessons",
    response=page_of(AcademyLessonOut),
    auth=READ,
    url_name="lesson-list",
    summary="Alle lessen die je mag zien",
)
def list_academy_lessons(
    request: HttpRequest, response: HttpResponse, page: Query[PageParams]
) -> dict[str, Any]:
    return paginate(
        request,
        selectors.lessons(actor(request)),
        page,
        ordering=("-recorded_at",),
        serialize=AcademyLessonOut.build,
        response=response,
    )


@router.post(
    "/learning/lessons",
    response={201: AcademyLessonOut},
    auth=WRITE,
    url_name="lesson-record",
    summary="Les vastleggen (uit een samenwerking of een twinning)",
)
@idempotent()
def record_lesson(request: HttpRequest, payload: AcademyLessonIn) -> HttpResponse:
    who = actor(request)
    data = payload.model_dump()
    collaboration_id, twinning_id = data.pop("collaboration"), data.pop("twinning")
    if (collaboration_id is None) == (twinning_id is None):
        raise errors.Invalid(
            "Geef precies één bron: een samenwerking of een twinning.",
            [{"field": "collaboration", "message": "Samenwerking of twinning."}],
        )
    collaboration = selectors.collaboration(who, collaboration_id) if collaboration_id else None
    twinning = selectors.twinning(who, twinning_id) if twinning_id else None
    lesson = services.record_lesson(actor=who, collaboration=collaboration, twinning=twinning, **data)
    return created(AcademyLessonOut.build(lesson), lesson)


@router.get(
    "/learning/lessons/{lesson_id}",
    response=AcademyLessonOut,
    auth=READ,
    url_name="lesson-detail",
    summary="Eén les",
)
def get_lesson(request: HttpRequest, response: HttpResponse, lesson_id: uuid.UUID) -> AcademyLessonOut:
    return shown(response, selectors.lesson(actor(request), lesson_id), AcademyLessonOut.build)


@router.patch(
    "/learning/lessons/{lesson_id}",
    response=AcademyLessonOut,
    auth=WRITE,
    url_name="lesson-update",
    summary="Les wijzigen (If-Match)",
)
def update_lesson(
    request: HttpRequest, response: HttpResponse, lesson_id: uuid.UUID, payload: AcademyLessonPatch
) -> AcademyLessonOut:
    who = actor(request)
    lesson = selectors.lesson(who, lesson_id)
    return changed(
        request,
        response,
        lesson,
        lambda revision: services.update_lesson(
            actor=who, lesson=lesson, expected_revision=revision, **given_fields(payload, nullable=("step",))
        ),
        AcademyLessonOut.build,
    )


@router.get(
    "/learning/collaborations/{collaboration_id}/similar-lessons",
    response=list[SimilarOut],
    auth=READ,
    url_name="similar-lessons",
    summary="Lessen van samenwerkingen zoals deze",
)
def similar_lessons(request: HttpRequest, collaboration_id: uuid.UUID) -> list[SimilarOut]:
    """Samenwerkingen met een vergelijkbaar ontwerp (perspectief, opgave, partijen), met hun lessen en de reden."""
    _, found = selectors.lessons_like_yours(actor(request), collaboration_id)
    return [
        SimilarOut(
            collaboration=item.collaboration.uuid,
            name=item.collaboration.name,
            score=item.score,
            reasons=item.reasons,
            lessons=[AcademyLessonOut.build(x) for x in item.lessons],
        )
        for item in found
    ]
