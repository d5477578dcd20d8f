"""``/organisations/{id}/memberships``: who works for an organisation, in which role."""

import uuid

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router

from opgave.api.auth import scoped
from opgave.api.conditional import etag, expected_revision, precondition_failed, with_etag
from opgave.api.idempotency import idempotent
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.api.platform.access import organisation_or_404, require_manager, require_member
from opgave.api.platform.schemas import MembershipIn, MembershipOut, MembershipPatch
from opgave.api.problems import NotFound, UnprocessableEntity
from opgave.api.responses import created
from opgave.core import selectors
from opgave.core.models import Membership, Organisation
from opgave.core.services import memberships as service
from opgave.core.services.audit import origin_of

router = Router(tags=["Lidmaatschappen"])


def _membership_or_404(organisation: Organisation, membership_id: uuid.UUID) -> Membership:
    membership = (
        Membership.objects.select_related("person", "organisation")
        .filter(organisation=organisation, uuid=membership_id)
        .first()
    )
    if membership is None:
        raise NotFound("Deze organisatie heeft geen lidmaatschap met dit id.")
    return membership


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
    organisation = organisation_or_404(organisation_id)
    require_member(request, organisation, scope="organisations:read")
    queryset = Membership.objects.filter(organisation=organisation).select_related("person", "organisation")
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
    organisation = organisation_or_404(organisation_id)
    context = require_manager(request, organisation, scope="organisations:write")
    person = selectors.person_by_login(payload.email)
    if person is None:
        raise UnprocessableEntity(
            "Er is geen persoon met dit e-mailadres op het platform.",
            errors=[{"field": "email", "message": "Onbekend e-mailadres."}],
        )
    membership = service.add_membership(
        actor=context.person,
        person=person,
        organisation=organisation,
        role=payload.role,
        job_title=payload.job_title,
        origin=origin_of(request),
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
    organisation = organisation_or_404(organisation_id)
    require_member(request, organisation, scope="organisations:read")
    membership = _membership_or_404(organisation, membership_id)
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
    organisation = organisation_or_404(organisation_id)
    context = require_manager(request, organisation, scope="organisations:write")
    membership = _membership_or_404(organisation, membership_id)
    revision = expected_revision(request, membership)
    updated = service.change_membership(
        membership,
        actor=context.person,
        role=payload.role,
        job_title=payload.job_title,
        expected_revision=revision,
        origin=origin_of(request),
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
    organisation = organisation_or_404(organisation_id)
    context = require_manager(request, organisation, scope="organisations:write")
    membership = _membership_or_404(organisation, membership_id)
    revision = expected_revision(request, membership)
    # end_membership has no expected_revision: compare again under the row lock.
    with transaction.atomic():
        locked = (
            Membership.objects.select_for_update()
            .select_related("person", "organisation")
            .get(pk=membership.pk)
        )
        if locked.revision != revision:
            raise precondition_failed(etag(locked))
        service.end_membership(locked, actor=context.person, origin=origin_of(request))
    return HttpResponse(status=204)
