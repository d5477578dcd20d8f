"""The shared plan and the obligations (per dossier, and the work list over all dossiers)."""

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router

from opgave.api.conditional import if_match, with_etag
from opgave.api.dossiers.common import READ, WRITE, actor
from opgave.api.dossiers.schemas import ObligationOut, PlanItemIn, PlanItemOut, PlanItemPatch, PlanOut
from opgave.api.idempotency import idempotent
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.api.responses import created, json_response
from opgave.dossiers import selectors, services

router = Router(tags=["Plan en verplichtingen"])


@router.get(
    "/dossiers/{dossier_id}/plan",
    response=PlanOut,
    auth=READ,
    url_name="dossier-plan",
    summary="Het gezamenlijke plan (zichtbaar voor alle actieve deelnemers)",
)
def get_plan(request: HttpRequest, dossier_id: uuid.UUID) -> PlanOut:
    _dossier, part = selectors.dossier(actor(request), dossier_id)
    plan = selectors.plan(part)
    return PlanOut(reviewed_at=plan.reviewed_at, items=[PlanItemOut.build(i) for i in plan.items])


@router.post(
    "/dossiers/{dossier_id}/plan/items",
    response={201: PlanItemOut},
    auth=WRITE,
    url_name="dossier-plan-item-create",
    summary="Kracht, zorg, doel of actie toevoegen",
)
@idempotent()
def add_plan_item(request: HttpRequest, dossier_id: uuid.UUID, payload: PlanItemIn) -> HttpResponse:
    who = actor(request)
    dossier, part = selectors.dossier(who, dossier_id)
    owner = selectors.participant_organisation(dossier, payload.owner) if payload.owner else None
    goal = selectors.plan_item(part, payload.goal) if payload.goal else None
    item = services.add_item(
        actor=who,
        dossier=dossier,
        section=payload.section,
        text=payload.text,
        owner=owner,
        deadline=payload.deadline,
        goal=goal,
    )
    location = reverse("api-v1:dossier-plan", kwargs={"dossier_id": dossier.uuid})
    return created(
        PlanItemOut.build(selectors.plan_item_view(item, timezone.localdate())), obj=item, location=location
    )


@router.patch(
    "/dossiers/{dossier_id}/plan/items/{item_id}",
    response=PlanItemOut,
    auth=WRITE,
    url_name="dossier-plan-item-update",
    summary="Status, tekst of termijn bijwerken (If-Match)",
)
def update_plan_item(
    request: HttpRequest,
    response: HttpResponse,
    dossier_id: uuid.UUID,
    item_id: uuid.UUID,
    payload: PlanItemPatch,
) -> PlanItemOut:
    who = actor(request)
    _dossier, part = selectors.dossier(who, dossier_id)
    item = selectors.plan_item(part, item_id)
    changed = services.update_item(
        actor=who,
        item=item,
        expected_revision=if_match(request, item),
        status=payload.status,
        text=payload.text,
        deadline=payload.deadline,
    )
    with_etag(response, changed)
    return PlanItemOut.build(selectors.plan_item_view(changed, timezone.localdate()))


@router.post(
    "/dossiers/{dossier_id}/plan/review",
    response=PlanOut,
    auth=WRITE,
    url_name="dossier-plan-review",
    summary="Vastleggen dat het plan samen is herbeoordeeld (regisseur)",
)
@idempotent()
def review_plan(request: HttpRequest, dossier_id: uuid.UUID) -> HttpResponse:
    who = actor(request)
    dossier, part = selectors.dossier(who, dossier_id)
    services.review_plan(actor=who, dossier=dossier)
    part.dossier.refresh_from_db()
    plan = selectors.plan(part)
    return json_response(
        PlanOut(reviewed_at=plan.reviewed_at, items=[PlanItemOut.build(i) for i in plan.items])
    )


@router.get(
    "/dossiers/{dossier_id}/obligations",
    response=list[ObligationOut],
    auth=READ,
    url_name="dossier-obligations",
    summary="Open verplichtingen van het dossier, met de regel die ze oplegt",
)
def list_obligations(request: HttpRequest, dossier_id: uuid.UUID) -> list[ObligationOut]:
    _dossier, part = selectors.dossier(actor(request), dossier_id)
    today = timezone.localdate()
    return [ObligationOut.build(o, today) for o in selectors.obligations(part)]


@router.post(
    "/dossiers/{dossier_id}/obligations/{obligation_id}/fulfil",
    response=ObligationOut,
    auth=WRITE,
    url_name="dossier-obligation-fulfil",
    summary="Verplichting als voldaan markeren",
)
@idempotent()
def fulfil(request: HttpRequest, dossier_id: uuid.UUID, obligation_id: uuid.UUID) -> HttpResponse:
    who = actor(request)
    _dossier, part = selectors.dossier(who, dossier_id)
    done = services.fulfil(actor=who, obligation=selectors.obligation(part, obligation_id))
    return json_response(ObligationOut.build(done, timezone.localdate()))


@router.get(
    "/obligations",
    response=page_of(ObligationOut),
    auth=READ,
    url_name="obligation-work-list",
    summary="Werklijst: open verplichtingen over al je dossiers",
)
def work_list(request: HttpRequest, response: HttpResponse, page: Query[PageParams]) -> dict[str, Any]:
    today = timezone.localdate()
    return paginate(
        request,
        selectors.work_list(actor(request)),
        page,
        ordering=("due_date",),
        serialize=lambda o: ObligationOut.build(o, today),
        response=response,
    )
