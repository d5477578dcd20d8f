"""Who comes in, over REST: invitations and requests to join.

* ``/collaborations/{id}/invitations`` — the facilitators' and owners' list, and a new invitation
  (to one person, one organisation or one e-mail address; the link of an e-mail invitation goes
  by e-mail only and never appears in a response);
* ``/invitations/{id}`` — read, ``accept``, ``decline`` (the invited person or a member of the
  invited organisation) and ``revoke`` (who invites);
* ``/collaborations/{id}/join-requests`` — the list for who decides, and a request by a person
  who sees the public page; ``…/{request_id}/accept`` and ``…/decline`` (a reason is required).

Who may do what is decided by :mod:`opgave.collaborations.services.access` for the one
:class:`~opgave.core.actors.Actor`: a token of an owner organisation with
``collaborations:write`` may invite and decide (its issuer answers for it); accepting an
invitation and asking to join are things only a person does.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from opgave.api.collaborations.common import READ, WRITE, actor_of, collaboration_of, principal
from opgave.api.conditional import with_etag
from opgave.api.idempotency import idempotent
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.api.responses import created, json_response
from opgave.api.validation import InputSchema
from opgave.collaborations import selectors
from opgave.collaborations.models import Invitation, JoinRequest
from opgave.collaborations.services import access
from opgave.core import selectors as core_selectors

router = Router(tags=["Deelname"])

StatusT = Literal["pending", "accepted", "declined", "withdrawn"]
KindT = Literal["person", "organisation", "email"]


class InvitationOut(Schema):
    id: uuid.UUID
    collaboration: uuid.UUID
    collaboration_name: str
    kind: KindT = Field(description="Aan wie: één persoon, één organisatie of één e-mailadres.")
    person: uuid.UUID | None
    person_name: str
    organisation: uuid.UUID | None
    organisation_name: str
    email: str = Field(description="Alleen zichtbaar voor wie uitnodigt; leeg voor wie is uitgenodigd.")
    message: str
    status: StatusT
    invited_by: str
    created_at: dt.datetime
    expires_at: dt.datetime
    decided_at: dt.datetime | None
    revision: int

    @classmethod
    def build(cls, item: Invitation, *, manager: bool) -> InvitationOut:
        kind: KindT = "person" if item.person_id else "organisation" if item.organisation_id else "email"
        return cls(
            id=item.uuid,
            collaboration=item.collaboration.uuid,
            collaboration_name=item.collaboration.name,
            kind=kind,
            person=item.person.uuid if item.person else None,
            person_name=str(item.person) if item.person else "",
            organisation=item.organisation.uuid if item.organisation else None,
            organisation_name=item.organisation.name if item.organisation else "",
            email=item.email if manager else "",
            message=item.message,
            status=item.status,  # type: ignore[arg-type]
            invited_by=str(item.invited_by),
            created_at=item.created_at,
            expires_at=item.expires_at,
            decided_at=item.decided_at,
            revision=item.revision,
        )


class InvitationCreateIn(InputSchema):
    """Exactly one of ``person``, ``organisation`` and ``email``."""

    person: uuid.UUID | None = Field(None, description="Een persoon op het platform.")
    organisation: uuid.UUID | None = Field(None, description="Een organisatie: elk lid mag aannemen.")
    email: str = Field("", max_length=254, description="Een e-mailadres: de link werkt één keer en verloopt.")
    message: str = Field("", max_length=4000)


class AcceptInvitationIn(InputSchema):
    organisation: uuid.UUID | None = Field(
        None,
        description=(
            "Namens welke van je organisaties je meedoet (niet nodig bij een uitnodiging aan een "
            "organisatie, of als je lid bent van precies één organisatie)."
        ),
    )


class JoinRequestOut(Schema):
    id: uuid.UUID
    collaboration: uuid.UUID
    person: uuid.UUID
    person_name: str
    organisation: uuid.UUID
    organisation_name: str
    motivation: str
    status: StatusT
    reason: str = Field(description="De toelichting bij het besluit (verplicht bij afwijzen).")
    created_at: dt.datetime
    decided_at: dt.datetime | None
    revision: int

    @classmethod
    def build(cls, item: JoinRequest) -> JoinRequestOut:
        return cls(
            id=item.uuid,
            collaboration=item.collaboration.uuid,
            person=item.person.uuid,
            person_name=str(item.person),
            organisation=item.organisation.uuid,
            organisation_name=item.organisation.name,
            motivation=item.motivation,
            status=item.status,  # type: ignore[arg-type]
            reason=item.reason,
            created_at=item.created_at,
            decided_at=item.decided_at,
            revision=item.revision,
        )


class JoinRequestIn(InputSchema):
    organisation: uuid.UUID = Field(description="Namens welke van je eigen organisaties je wilt meedoen.")
    motivation: str = Field(min_length=1, max_length=4000, description="Waarom je wilt meedoen.")


class DeclineIn(InputSchema):
    reason: str = Field(min_length=1, max_length=4000, description="Waarom het verzoek wordt afgewezen.")


def _organisation(value: uuid.UUID | None, field: str) -> Any:
    if value is None:
        return None
    return core_selectors.organisations_by_uuid([value], field)[0]


def _invitation_out(request: HttpRequest, item: Invitation) -> HttpResponse:
    item.refresh_from_db()
    manager = selectors.may_manage(principal(request), item.collaboration)
    return with_etag(json_response(InvitationOut.build(item, manager=manager)), item)


# --- invitations --------------------------------------------------------------------------------


@router.get(
    "/collaborations/{collaboration_id}/invitations",
    response=page_of(InvitationOut),
    auth=READ,
    url_name="invitation-list",
    summary="Uitnodigingen van een samenwerking (facilitator en eigenaren)",
)
def list_invitations(
    request: HttpRequest, response: HttpResponse, collaboration_id: uuid.UUID, page: Query[PageParams]
) -> dict[str, Any]:
    item = collaboration_of(request, collaboration_id)
    qs = selectors.managed_invitations(principal(request), item)
    return paginate(
        request,
        qs,
        page,
        ordering=("-created_at",),
        response=response,
        serialize=lambda i: InvitationOut.build(i, manager=True),
    )


@router.post(
    "/collaborations/{collaboration_id}/invitations",
    response={201: InvitationOut},
    auth=WRITE,
    url_name="invitation-create",
    summary="Iemand uitnodigen: één persoon, één organisatie of één e-mailadres",
)
@idempotent()
def create_invitation(
    request: HttpRequest, collaboration_id: uuid.UUID, payload: InvitationCreateIn
) -> HttpResponse:
    item = collaboration_of(request, collaboration_id)
    person = core_selectors.people_by_uuid([payload.person], "person")[0] if payload.person else None
    invitation, _token = access.invite(
        item,
        actor=actor_of(request),
        person=person,
        organisation=_organisation(payload.organisation, "organisation"),
        email=payload.email,
        message=payload.message,
    )
    location = reverse("api-v1:invitation-detail", kwargs={"invitation_id": invitation.uuid})
    return created(InvitationOut.build(invitation, manager=True), obj=invitation, location=location)


@router.get(
    "/invitations/{invitation_id}",
    response=InvitationOut,
    auth=READ,
    url_name="invitation-detail",
    summary="Eén uitnodiging (voor wie is uitgenodigd en wie uitnodigt)",
)
def get_invitation(request: HttpRequest, response: HttpResponse, invitation_id: uuid.UUID) -> InvitationOut:
    item = selectors.invitation(principal(request), invitation_id)
    with_etag(response, item)
    return InvitationOut.build(item, manager=selectors.may_manage(principal(request), item.collaboration))


@router.post(
    "/invitations/{invitation_id}/accept",
    response=InvitationOut,
    auth=WRITE,
    url_name="invitation-accept",
    summary="Een uitnodiging aannemen (je organisatie wordt deelnemer)",
)
@idempotent()
def accept_invitation(
    request: HttpRequest, invitation_id: uuid.UUID, payload: AcceptInvitationIn
) -> HttpResponse:
    item = access.answer_invitation(
        access.find_invitation(invitation_id),
        actor=actor_of(request),
        accept=True,
        organisation=_organisation(payload.organisation, "organisation"),
    )
    return _invitation_out(request, item)


@router.post(
    "/invitations/{invitation_id}/decline",
    response=InvitationOut,
    auth=WRITE,
    url_name="invitation-decline",
    summary="Een uitnodiging afslaan",
)
@idempotent()
def decline_invitation(request: HttpRequest, invitation_id: uuid.UUID) -> HttpResponse:
    item = access.answer_invitation(
        access.find_invitation(invitation_id), actor=actor_of(request), accept=False
    )
    return _invitation_out(request, item)


@router.post(
    "/invitations/{invitation_id}/revoke",
    response=InvitationOut,
    auth=WRITE,
    url_name="invitation-revoke",
    summary="Een openstaande uitnodiging intrekken (de link werkt daarna niet meer)",
)
@idempotent()
def revoke_invitation(request: HttpRequest, invitation_id: uuid.UUID) -> HttpResponse:
    item = access.revoke_invitation(access.find_invitation(invitation_id), actor=actor_of(request))
    return _invitation_out(request, item)


# --- requests to join ---------------------------------------------------------------------------


@router.get(
    "/collaborations/{collaboration_id}/join-requests",
    response=page_of(JoinRequestOut),
    auth=READ,
    url_name="join-request-list",
    summary="Verzoeken om deelname (facilitator en eigenaren)",
)
def list_join_requests(
    request: HttpRequest, response: HttpResponse, collaboration_id: uuid.UUID, page: Query[PageParams]
) -> dict[str, Any]:
    item = collaboration_of(request, collaboration_id)
    qs = selectors.managed_join_requests(principal(request), item)
    return paginate(
        request, qs, page, ordering=("-created_at",), response=response, serialize=JoinRequestOut.build
    )


@router.post(
    "/collaborations/{collaboration_id}/join-requests",
    response={201: JoinRequestOut},
    auth=WRITE,
    url_name="join-request-create",
    summary="Vragen om mee te doen (namens een van je eigen organisaties)",
)
@idempotent()
def create_join_request(
    request: HttpRequest, collaboration_id: uuid.UUID, payload: JoinRequestIn
) -> HttpResponse:
    item = collaboration_of(request, collaboration_id)
    found = access.request_to_join(
        item,
        actor=actor_of(request),
        organisation=_organisation(payload.organisation, "organisation"),
        motivation=payload.motivation,
    )
    location = reverse(
        "api-v1:join-request-detail", kwargs={"collaboration_id": item.uuid, "request_id": found.uuid}
    )
    return created(JoinRequestOut.build(found), obj=found, location=location)


@router.get(
    "/collaborations/{collaboration_id}/join-requests/{request_id}",
    response=JoinRequestOut,
    auth=READ,
    url_name="join-request-detail",
    summary="Eén verzoek om deelname (voor wie het deed en wie erover beslist)",
)
def get_join_request(
    request: HttpRequest, response: HttpResponse, collaboration_id: uuid.UUID, request_id: uuid.UUID
) -> JoinRequestOut:
    item = collaboration_of(request, collaboration_id)
    found = selectors.join_request_for(principal(request), item, request_id)
    with_etag(response, found)
    return JoinRequestOut.build(found)


def _decided(request: HttpRequest, found: JoinRequest) -> HttpResponse:
    found.refresh_from_db()
    return with_etag(json_response(JoinRequestOut.build(found)), found)


@router.post(
    "/collaborations/{collaboration_id}/join-requests/{request_id}/accept",
    response=JoinRequestOut,
    auth=WRITE,
    url_name="join-request-accept",
    summary="Een verzoek om deelname accepteren (de organisatie wordt deelnemer)",
)
@idempotent()
def accept_join_request(
    request: HttpRequest, collaboration_id: uuid.UUID, request_id: uuid.UUID
) -> HttpResponse:
    item = collaboration_of(request, collaboration_id)
    found = access.decide_join_request(
        access.find_join_request(item, request_id), actor=actor_of(request), accept=True
    )
    return _decided(request, found)


@router.post(
    "/collaborations/{collaboration_id}/join-requests/{request_id}/decline",
    response=JoinRequestOut,
    auth=WRITE,
    url_name="join-request-decline",
    summary="Een verzoek om deelname afwijzen, met een reden",
)
@idempotent()
def decline_join_request(
    request: HttpRequest, collaboration_id: uuid.UUID, request_id: uuid.UUID, payload: DeclineIn
) -> HttpResponse:
    item = collaboration_of(request, collaboration_id)
    found = access.decide_join_request(
        access.find_join_request(item, request_id),
        actor=actor_of(request),
        accept=False,
        reason=payload.reason,
    )
    return _decided(request, found)
