"""``/programmes``: national programmes, their themes and their collaborations side by side."""

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router

from opgave.api.collaborations.common import READ, WRITE, actor_of, organisations_by_id, principal
from opgave.api.collaborations.schemas import (
    CollaborationOut,
    ProgrammeDetailOut,
    ProgrammeIn,
    ProgrammeOut,
    ProgrammeRow,
    ThemeIn,
)
from opgave.api.conditional import with_etag
from opgave.api.idempotency import idempotent
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.api.responses import created
from opgave.collaborations import selectors, services

router = Router(tags=["Programma's"])


@router.get(
    "/programmes", response=page_of(ProgrammeOut), auth=READ, url_name="programme-list", summary="Programma's"
)
def list_programmes(request: HttpRequest, response: HttpResponse, page: Query[PageParams]) -> dict[str, Any]:
    return paginate(
        request,
        selectors.programmes(principal(request)),
        page,
        ordering=("name",),
        serialize=ProgrammeOut.build,
        response=response,
    )


@router.post(
    "/programmes",
    response={201: ProgrammeOut},
    auth=WRITE,
    url_name="programme-create",
    summary="Programma starten",
)
@idempotent()
def create_programme(request: HttpRequest, payload: ProgrammeIn) -> HttpResponse:
    programme = services.create_programme(
        name=payload.name,
        description=payload.description,
        owners=organisations_by_id(payload.owners, "owners"),
        actor=actor_of(request),
    )
    location = reverse("api-v1:programme-detail", kwargs={"programme_id": programme.uuid})
    return created(ProgrammeOut.build(programme), obj=programme, location=location)


@router.get(
    "/programmes/{programme_id}",
    response=ProgrammeDetailOut,
    auth=READ,
    url_name="programme-detail",
    summary="Eén programma met zijn samenwerkingen naast elkaar",
)
def get_programme(
    request: HttpRequest, response: HttpResponse, programme_id: uuid.UUID
) -> ProgrammeDetailOut:
    who = principal(request)
    programme = selectors.programme(who, programme_id)
    private = selectors.private_ids(who)
    rows = [
        ProgrammeRow(
            collaboration=CollaborationOut.build(item, item.id in private),
            phase=d.phase.phase if d else None,
            idling_index=d.current.index if d else None,
            matrix_quadrant=(d.matrix.quadrant or None) if d else None,
        )
        for item, d in selectors.programme_overview(who, programme)
    ]
    with_etag(response, programme)
    base = ProgrammeOut.build(programme)
    return ProgrammeDetailOut(**base.model_dump(), collaborations=rows)


@router.post(
    "/programmes/{programme_id}/themes",
    response={201: ProgrammeOut},
    auth=WRITE,
    url_name="programme-theme-create",
    summary="Thema toevoegen (eigenaren van het programma)",
)
@idempotent()
def add_theme(request: HttpRequest, programme_id: uuid.UUID, payload: ThemeIn) -> HttpResponse:
    programme = selectors.programme(principal(request), programme_id)
    services.add_theme(programme, name=payload.name, description=payload.description, actor=actor_of(request))
    location = reverse("api-v1:programme-detail", kwargs={"programme_id": programme.uuid})
    return created(ProgrammeOut.build(programme), obj=programme, location=location)
