"""``/dossiers``: my dossiers, starting one, and who takes part (requests, acceptance, leaving)."""

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router

from opgave.api.conditional import if_match, with_etag
from opgave.api.dossiers.common import READ, WRITE, actor
from opgave.api.dossiers.schemas import (
    DossierDetailOut,
    DossierIn,
    DossierOut,
    JoinIn,
    ParticipationDecisionIn,
    ParticipationOut,
    ParticipationPatch,
    RegisseurIn,
    SubjectOut,
)
from opgave.api.idempotency import idempotent
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.api.responses import created, json_response
from opgave.dossiers import permissions, selectors, services

router = Router(tags=["Dossiers"])


def _detail(request: HttpRequest, dossier_id: uuid.UUID) -> tuple[Any, DossierDetailOut]:
    dossier, part = selectors.dossier(actor(request), dossier_id)
    base = DossierOut.build(dossier)
    return dossier, DossierDetailOut(
        **base.model_dump(),
        subjects=[SubjectOut.build(s) for s in selectors.subjects(part)],
        participants=[ParticipationOut.build(p) for p in selectors.participations(dossier)],
        my_participation=ParticipationOut.build(part),
    )


@router.get(
    "/dossiers", response=page_of(DossierOut), auth=READ, url_name="dossier-list", summary="Mijn dossiers"
)
def list_dossiers(request: HttpRequest, response: HttpResponse, page: Query[PageParams]) -> dict[str, Any]:
    return paginate(
        request,
        selectors.my_dossiers(actor(request)),
        page,
        ordering=("-created_at",),
        serialize=DossierOut.build,
        response=response,
    )


@router.post(
    "/dossiers",
    response={201: DossierDetailOut},
    auth=WRITE,
    url_name="dossier-create",
    summary="Dossier starten",
)
@idempotent(redact=("bsn",))
def create_dossier(request: HttpRequest, payload: DossierIn) -> HttpResponse:
    dossier = services.create_dossier(
        actor=actor(request),
        kind=payload.kind,
        title=payload.title,
        subjects=[services.SubjectInput(**s.model_dump()) for s in payload.subjects],
        role=payload.role,
        purposes=payload.purposes,
        clearance=payload.clearance,
    )
    location = reverse("api-v1:dossier-detail", kwargs={"dossier_id": dossier.uuid})
    return created(_detail(request, dossier.uuid)[1], obj=dossier, location=location)


@router.get(
    "/dossiers/{dossier_id}",
    response=DossierDetailOut,
    auth=READ,
    url_name="dossier-detail",
    summary="Eén dossier: betrokkenen en deelnemers",
)
def get_dossier(request: HttpRequest, response: HttpResponse, dossier_id: uuid.UUID) -> DossierDetailOut:
    dossier, detail = _detail(request, dossier_id)
    with_etag(response, dossier)
    return detail


@router.get(
    "/dossiers/{dossier_id}/participants",
    response=list[ParticipationOut],
    auth=READ,
    url_name="dossier-participants",
    summary="Deelnemers en aanvragen",
)
def list_participants(request: HttpRequest, dossier_id: uuid.UUID) -> list[ParticipationOut]:
    who = actor(request)
    if permissions.is_platform_admin(who):
        dossier = selectors.dossier_for_management(who, dossier_id)
    else:
        dossier, _part = selectors.dossier(who, dossier_id)
    return [ParticipationOut.build(p) for p in selectors.participations(dossier, include_closed=True)]


@router.post(
    "/dossiers/{dossier_id}/participants",
    response={201: ParticipationOut},
    auth=WRITE,
    url_name="dossier-join",
    summary="Vragen om deel te nemen (de regisseur beslist)",
)
@idempotent()
def request_participation(request: HttpRequest, dossier_id: uuid.UUID, payload: JoinIn) -> HttpResponse:
    dossier = selectors.find_dossier(dossier_id)
    part = services.request_participation(
        actor=actor(request),
        dossier=dossier,
        role=payload.role,
        purposes=payload.purposes,
        clearance=payload.clearance,
    )
    location = reverse("api-v1:dossier-participants", kwargs={"dossier_id": dossier.uuid})
    return created(ParticipationOut.build(part), obj=part, location=location)


@router.post(
    "/dossiers/{dossier_id}/participants/{participation_id}/decision",
    response=ParticipationOut,
    auth=WRITE,
    url_name="dossier-participant-decide",
    summary="Aanvraag accepteren of weigeren (regisseur)",
)
@idempotent()
def decide(
    request: HttpRequest, dossier_id: uuid.UUID, participation_id: uuid.UUID, payload: ParticipationDecisionIn
) -> HttpResponse:
    who = actor(request)
    dossier = selectors.dossier_for_management(who, dossier_id)
    part = services.decide_participation(
        actor=who,
        participation=selectors.participation(dossier, participation_id),
        accept=payload.accept,
        clearance=payload.clearance,
    )
    response = json_response(ParticipationOut.build(part))
    return with_etag(response, part)


@router.patch(
    "/dossiers/{dossier_id}/participants/{participation_id}",
    response=ParticipationOut,
    auth=WRITE,
    url_name="dossier-participant-update",
    summary="Rol, doelen of vertrouwelijkheidsniveau wijzigen (regisseur; If-Match)",
)
def update_participation(
    request: HttpRequest,
    response: HttpResponse,
    dossier_id: uuid.UUID,
    participation_id: uuid.UUID,
    payload: ParticipationPatch,
) -> ParticipationOut:
    who = actor(request)
    dossier = selectors.dossier_for_management(who, dossier_id)
    part = selectors.participation(dossier, participation_id)
    changed = services.change_participation(
        actor=who,
        participation=part,
        expected_revision=if_match(request, part),
        role=payload.role,
        purposes=payload.purposes,
        clearance=payload.clearance,
    )
    with_etag(response, changed)
    return ParticipationOut.build(changed)


@router.post(
    "/dossiers/{dossier_id}/participants/{participation_id}/leave",
    response=ParticipationOut,
    auth=WRITE,
    url_name="dossier-participant-leave",
    summary="Deelname beëindigen (toegang stopt direct)",
)
@idempotent()
def leave(request: HttpRequest, dossier_id: uuid.UUID, participation_id: uuid.UUID) -> HttpResponse:
    who = actor(request)
    dossier = selectors.find_dossier(dossier_id)
    part = services.leave(actor=who, participation=selectors.participation(dossier, participation_id))
    return json_response(ParticipationOut.build(part))


@router.post(
    "/dossiers/{dossier_id}/regisseur",
    response=ParticipationOut,
    auth=WRITE,
    url_name="dossier-regisseur",
    summary="De regie overdragen aan een andere deelnemer",
)
@idempotent()
def transfer(request: HttpRequest, dossier_id: uuid.UUID, payload: RegisseurIn) -> HttpResponse:
    who = actor(request)
    dossier = selectors.dossier_for_management(who, dossier_id)
    part = services.transfer_regisseur(
        actor=who, dossier=dossier, to=selectors.participation(dossier, payload.participation)
    )
    return json_response(ParticipationOut.build(part))
