"""``/collaborations``: public fields, the draft design, versions and their diff, diagnostics."""

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Body, Query, Router

from opgave.api.auth import context_of
from opgave.api.collaborations.common import (
    READ,
    WRITE,
    actor_of,
    collaboration_of,
    organisations_by_id,
    principal,
    programme_by_id,
)
from opgave.api.collaborations.schemas import (
    CollaborationFilters,
    CollaborationIn,
    CollaborationOut,
    CollaborationPatch,
    DesignOut,
    DiagnosticsOut,
    DiffOut,
    DiffRow,
    QuestionOut,
    VersionIn,
    VersionOut,
    diagnostics_out,
)
from opgave.api.conditional import if_match, with_etag
from opgave.api.idempotency import idempotent
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.api.responses import created, json_response
from opgave.collaborations import permissions, questionnaire, readable, selectors, services
from opgave.collaborations.design import Design, diff
from opgave.collaborations.models import Collaboration
from opgave.core.exceptions import Conflict, RevisionConflict

router = Router(tags=["Samenwerkingen"])


def _location(item: Collaboration) -> str:
    return reverse("api-v1:collaboration-detail", kwargs={"collaboration_id": item.uuid})


@router.get(
    "/collaborations",
    response=page_of(CollaborationOut),
    auth=READ,
    url_name="collaboration-list",
    summary="Samenwerkingen opzoeken",
)
def list_collaborations(
    request: HttpRequest,
    response: HttpResponse,
    filters: Query[CollaborationFilters],
    page: Query[PageParams],
) -> dict[str, Any]:
    """Openbare velden van alle samenwerkingen; zoeken gaat alleen over naam en opgave."""
    who = principal(request)
    qs = selectors.collaborations(
        who, query=(filters.q or "").strip(), programme=programme_by_id(filters.programme)
    )
    if filters.mine:
        qs = selectors.mine_only(who, qs)

    def serialize_page(rows: list[Collaboration]) -> list[CollaborationOut]:
        private = selectors.private_ids(who, among=[row.id for row in rows])
        return [CollaborationOut.build(row, row.id in private) for row in rows]

    return paginate(request, qs, page, ordering=("name",), response=response, serialize_page=serialize_page)


@router.post(
    "/collaborations",
    response={201: CollaborationOut},
    auth=WRITE,
    url_name="collaboration-create",
    summary="Samenwerking starten",
)
@idempotent()
def create_collaboration(request: HttpRequest, payload: CollaborationIn) -> HttpResponse:
    programme = programme_by_id(payload.programme)
    theme = selectors.theme_or_invalid(programme, payload.theme)
    item = services.create_collaboration(
        name=payload.name,
        opgave=payload.opgave,
        owners=organisations_by_id(payload.owners, "owners"),
        region=organisations_by_id(payload.region, "region"),
        is_national=payload.is_national,
        status=payload.status,
        national_relation=payload.national_relation,
        review_interval_days=payload.review_interval_days,
        programme=programme,
        theme=theme,
        actor=actor_of(request),
    )
    return created(CollaborationOut.build(item, True), obj=item, location=_location(item))


@router.get(
    "/collaborations/{collaboration_id}",
    response=CollaborationOut,
    auth=READ,
    url_name="collaboration-detail",
    summary="Eén samenwerking (openbare velden)",
)
def get_collaboration(
    request: HttpRequest, response: HttpResponse, collaboration_id: uuid.UUID
) -> CollaborationOut:
    item = selectors.collaboration(principal(request), collaboration_id, to_show=True)
    with_etag(response, item)
    return CollaborationOut.build(item, permissions.can_view_private(principal(request), item))


@router.patch(
    "/collaborations/{collaboration_id}",
    response=CollaborationOut,
    auth=WRITE,
    url_name="collaboration-update",
    summary="Openbare velden wijzigen (If-Match)",
)
def update_collaboration(
    request: HttpRequest, response: HttpResponse, collaboration_id: uuid.UUID, payload: CollaborationPatch
) -> CollaborationOut:
    item = collaboration_of(request, collaboration_id)
    revision = if_match(request, item)
    sent = payload.model_dump(exclude_unset=True)
    extra: dict[str, Any] = {}
    if "owners" in sent:
        extra["owners"] = organisations_by_id(sent.pop("owners") or [], "owners")
    if "region" in sent:
        extra["region"] = organisations_by_id(sent.pop("region") or [], "region")
    if "programme" in sent:
        programme = programme_by_id(sent.pop("programme"))
        extra["programme"] = programme
        if programme != item.programme:
            extra["theme"] = None  # a theme belongs to one programme
    fields = {k: v for k, v in sent.items() if v is not None}
    updated = services.update_collaboration(
        item, expected_revision=revision, **extra, **fields, actor=actor_of(request)
    )
    with_etag(response, updated)
    return CollaborationOut.build(updated, True)


@router.get(
    "/collaborations/{collaboration_id}/design",
    response=DesignOut,
    auth=READ,
    url_name="design-detail",
    summary="Werkversie van het ontwerp",
)
def get_design(request: HttpRequest, response: HttpResponse, collaboration_id: uuid.UUID) -> DesignOut:
    item = collaboration_of(request, collaboration_id)
    design = selectors.design(principal(request), item)
    with_etag(response, item)
    return DesignOut(revision=item.revision, design=design)


@router.put(
    "/collaborations/{collaboration_id}/design",
    response=DesignOut,
    auth=WRITE,
    url_name="design-update",
    summary="Werkversie vervangen (If-Match)",
)
def put_design(
    request: HttpRequest, response: HttpResponse, collaboration_id: uuid.UUID, payload: Design
) -> DesignOut:
    item = collaboration_of(request, collaboration_id)
    revision = if_match(request, item)
    updated = services.save_draft(
        item, expected_revision=revision, data=payload.to_json(), actor=actor_of(request)
    )
    with_etag(response, updated)
    return DesignOut(revision=updated.revision, design=Design.model_validate(updated.draft))


@router.put(
    "/collaborations/{collaboration_id}/design/steps/{step}",
    response=DesignOut,
    auth=WRITE,
    url_name="design-step-update",
    summary="Eén stap van de werkversie vervangen (If-Match)",
)
def put_step(
    request: HttpRequest,
    response: HttpResponse,
    collaboration_id: uuid.UUID,
    step: int,
    payload: Body[dict[str, Any]],
) -> DesignOut:
    item = collaboration_of(request, collaboration_id)
    revision = if_match(request, item)
    updated = services.save_draft(
        item, expected_revision=revision, data=payload, step=step, actor=actor_of(request)
    )
    with_etag(response, updated)
    return DesignOut(revision=updated.revision, design=Design.model_validate(updated.draft))


@router.get(
    "/collaborations/{collaboration_id}/versions",
    response=page_of(VersionOut),
    auth=READ,
    url_name="version-list",
    summary="Vastgestelde versies, nieuwste eerst",
)
def list_versions(
    request: HttpRequest, response: HttpResponse, collaboration_id: uuid.UUID, page: Query[PageParams]
) -> dict[str, Any]:
    qs = selectors.versions(principal(request), collaboration_of(request, collaboration_id))
    return paginate(request, qs, page, ordering=("-number",), serialize=VersionOut.build, response=response)


@router.post(
    "/collaborations/{collaboration_id}/versions",
    response={201: VersionOut},
    auth=WRITE,
    url_name="version-create",
    summary="Werkversie vaststellen als nieuwe versie (met de gelezen revisie)",
)
@idempotent()
def create_version(request: HttpRequest, collaboration_id: uuid.UUID, payload: VersionIn) -> HttpResponse:
    item = collaboration_of(request, collaboration_id)
    try:
        version = services.agree_version(
            item, expected_revision=payload.revision, note=payload.note, actor=actor_of(request)
        )
    except RevisionConflict as exc:
        raise Conflict(exc.detail) from exc
    item.refresh_from_db()
    url = reverse("api-v1:version-detail", kwargs={"collaboration_id": item.uuid, "number": version.number})
    response = json_response(VersionOut.build(version), status=201)
    response["Location"] = url
    return with_etag(response, item)


@router.get(
    "/collaborations/{collaboration_id}/versions/{number}",
    response=VersionOut,
    auth=READ,
    url_name="version-detail",
    summary="Eén vastgestelde versie",
)
def get_version(request: HttpRequest, collaboration_id: uuid.UUID, number: int) -> VersionOut:
    return VersionOut.build(
        selectors.version(principal(request), collaboration_of(request, collaboration_id), number)
    )


@router.get(
    "/collaborations/{collaboration_id}/versions/{old}/diff/{new}",
    response=DiffOut,
    auth=READ,
    url_name="version-diff",
    summary="Verschil tussen twee versies, veld voor veld",
)
def diff_versions(request: HttpRequest, collaboration_id: uuid.UUID, old: int, new: int) -> DiffOut:
    item = collaboration_of(request, collaboration_id)
    a = selectors.version(principal(request), item, old)
    b = selectors.version(principal(request), item, new)
    rows = readable.label_rows(diff(a.data, b.data))
    return DiffOut(old=old, new=new, changes=[DiffRow(**row) for row in rows])


@router.get(
    "/collaborations/{collaboration_id}/diagnostics",
    response=DiagnosticsOut,
    auth=READ,
    url_name="diagnostics",
    summary="Diagnose: stationair draaien, doen en leren, blinde vlekken, fase",
)
def get_diagnostics(request: HttpRequest, collaboration_id: uuid.UUID) -> DiagnosticsOut:
    item = collaboration_of(request, collaboration_id)
    return diagnostics_out(selectors.diagnostics(principal(request), item))


@router.get(
    "/questionnaire",
    response=list[QuestionOut],
    auth=READ,
    url_name="questionnaire",
    summary="De vragenlijst van stap 3",
)
def get_questionnaire(request: HttpRequest) -> list[QuestionOut]:
    context_of(request)
    return [QuestionOut(key=q.key, text=q.text, quadrant=q.quadrant.value) for q in questionnaire.QUESTIONS]
