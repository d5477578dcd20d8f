"""``/organisations/{id}/memberships``: who works for an organisation, in which role."""

import uuid

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router

from opgave.api.auth import actor_of, scoped
from opgave.api.conditional import if_match, with_etag
from opgave.api.idempotency import idempotent
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.api.platform.schemas import MembershipIn, MembershipOut, MembershipPatch
from opgave.api.responses import created
from opgave.core import selectors
from opgave.core.services import memberships as service

router = Router(tags=["Lidmaatschappen"])


@router.get(
    "/organisations/{organisation_id}/memberships",
    response=page_of(MembershipOut),
    auth=scoped("organisations:read"),
    summary="Leden van een organisatie",
    url_name="membership-list",
)
def list_memberships(
    request: HttpRequest, response: HttpResponse, organisation_id: uuid.UUID, page: Query[PageParams]
) -> dict[str, object]:
    """De lidmaatschappen van een organisatie: voor haar leden en voor platformbeheerders."""
    queryset = selectors.memberships(actor_of(request), selectors.organisation(organisation_id))
    return paginate(
        request,
        queryset,
        page,
        ordering=("created_at",),
        serialize=MembershipOut.from_model,
        response=response,
    )


@router.post(
    "/organisations/{organisation_id}/memberships",
    response={201: MembershipOut},
    auth=scoped("organisations:write"),
    summary="Lid toevoegen (beheerders)",
    url_name="membership-create",
)
@idempotent()
def create_membership(
    request: HttpRequest, organisation_id: uuid.UUID, payload: MembershipIn
) -> HttpResponse:
    """Maak een bestaande persoon (op e-mailadres) lid van de organisatie."""
    organisation = selectors.organisation(organisation_id)
    membership = service.add_membership(
        actor=actor_of(request),
        person=selectors.person_by_login(payload.email),
        organisation=organisation,
        role=payload.role,
        job_title=payload.job_title,
    )
    location = reverse(
        "api-v1:membership-detail",
        kwargs={"organisation_id": organisation.uuid, "membership_id": membership.uuid},
    )
    return created(MembershipOut.from_model(membership), obj=membership, location=location)


@router.get(
    "/organisations/{organisation_id}/memberships/{membership_id}",
    response=MembershipOut,
    auth=scoped("organisations:read"),
    summary="Eén lidmaatschap",
    url_name="membership-detail",
)
def get_membership(
    request: HttpRequest, response: HttpResponse, organisation_id: uuid.UUID, membership_id: uuid.UUID
) -> MembershipOut:
    membership = selectors.membership(
        actor_of(request), selectors.organisation(organisation_id), membership_id
    )
    with_etag(response, membership)
    return MembershipOut.from_model(membership)


@router.patch(
    "/organisations/{organisation_id}/memberships/{membership_id}",
    response=MembershipOut,
    auth=scoped("organisations:write"),
    summary="Rol of functie wijzigen (beheerders)",
    url_name="membership-update",
)
def update_membership(
    request: HttpRequest,
    response: HttpResponse,
    organisation_id: uuid.UUID,
    membership_id: uuid.UUID,
    payload: MembershipPatch,
) -> MembershipOut:
    actor = actor_of(request)
    membership = selectors.membership(actor, selectors.organisation(organisation_id), membership_id)
    updated = service.change_membership(
        membership,
        actor=actor,
        role=payload.role,
        job_title=payload.job_title,
        expected_revision=if_match(request, membership),
    )
    with_etag(response, updated)
    return MembershipOut.from_model(updated)


@router.delete(
    "/organisations/{organisation_id}/memberships/{membership_id}",
    response={204: None},
    auth=scoped("organisations:write"),
    summary="Lidmaatschap beëindigen (beheerders)",
    url_name="membership-delete",
)
def delete_membership(
    request: HttpRequest, organisation_id: uuid.UUID, membership_id: uuid.UUID
) -> HttpResponse:
    actor = actor_of(request)
    membership = selectors.membership(actor, selectors.organisation(organisation_id), membership_id)
    service.end_membership(membership, actor=actor, expected_revision=if_match(request, membership))
    return HttpResponse(status=204)
