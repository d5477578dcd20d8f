"""``/learning/circles``: knowledge circles, memberships (invitations and requests), meetings,
threads with replies, and the lessons a circle produced."""

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from opgave.api.idempotency import idempotent
from opgave.api.learning.common import READ, WRITE, actor, changed, created, given_fields, shown
from opgave.api.learning.schemas import (
    CircleIn,
    CircleOut,
    CircleThreadOut,
    DecisionIn,
    InvitationIn,
    LinkIn,
    MeetingIn,
    MeetingOut,
    MeetingPatch,
    MemberOut,
    ReplyIn,
    RequestIn,
    ThreadIn,
)
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.api.responses import json_response
from opgave.learning import selectors, services

router = Router(tags=["Leren: kenniskringen"])
C = "/learning/circles/{circle_id}"


@router.get(
    "/learning/circles",
    response=page_of(CircleOut),
    auth=READ,
    url_name="circle-list",
    summary="Kenniskringen",
)
def list_circles(request: HttpRequest, response: HttpResponse, page: Query[PageParams]) -> dict[str, Any]:
    return paginate(
        request,
        selectors.circles(actor(request)),
        page,
        ordering=("name",),
        serialize=CircleOut.build,
        response=response,
    )


@router.post(
    "/learning/circles",
    response={201: CircleOut},
    auth=WRITE,
    url_name="circle-create",
    summary="Kenniskring starten (je wordt trekker)",
)
@idempotent()
def create_circle(request: HttpRequest, payload: CircleIn) -> HttpResponse:
    circle = services.create_circle(actor=actor(request), **payload.model_dump())
    return created(CircleOut.build(selectors.circle(actor(request), circle.uuid)), circle)


@router.get(C, response=CircleOut, auth=READ, url_name="circle-detail", summary="Eén kenniskring")
def get_circle(request: HttpRequest, response: HttpResponse, circle_id: uuid.UUID) -> CircleOut:
    return shown(response, selectors.circle(actor(request), circle_id), CircleOut.build)


@router.get(
    C + "/members",
    response=list[MemberOut],
    auth=READ,
    url_name="circle-members",
    summary="Leden (alleen voor leden)",
)
def list_members(request: HttpRequest, circle_id: uuid.UUID) -> list[MemberOut]:
    who = actor(request)
    return [MemberOut.build(m) for m in selectors.circle_members(who, selectors.circle(who, circle_id))]


@router.post(
    C + "/invitations",
    response={201: MemberOut},
    auth=WRITE,
    url_name="circle-invite",
    summary="Iemand uitnodigen (trekkers)",
)
@idempotent()
def invite(request: HttpRequest, circle_id: uuid.UUID, payload: InvitationIn) -> HttpResponse:
    who = actor(request)
    circle = selectors.circle(who, circle_id)
    member = services.invite(
        actor=who, circle=circle, person=selectors.person(payload.person), message=payload.message
    )
    return json_response(MemberOut.build(member), status=201)


@router.post(
    C + "/requests",
    response={201: MemberOut},
    auth=WRITE,
    url_name="circle-request",
    summary="Aanmelden als lid",
)
@idempotent()
def request_membership(request: HttpRequest, circle_id: uuid.UUID, payload: RequestIn) -> HttpResponse:
    who = actor(request)
    member = services.request_membership(
        actor=who, circle=selectors.circle(who, circle_id), message=payload.message
    )
    return json_response(MemberOut.build(member), status=201)


@router.post(
    "/learning/circle-members/{member_id}/answer",
    response=MemberOut,
    auth=WRITE,
    url_name="circle-answer",
    summary="Uitnodiging aannemen of afslaan (de uitgenodigde)",
)
def answer_invitation(request: HttpRequest, member_id: uuid.UUID, payload: DecisionIn) -> MemberOut:
    who = actor(request)
    member = services.answer_invitation(
        actor=who, member=selectors.member_record(who, member_id), accept=payload.accept
    )
    return MemberOut.build(member)


@router.post(
    "/learning/circle-members/{member_id}/decision",
    response=MemberOut,
    auth=WRITE,
    url_name="circle-decide",
    summary="Aanmelding toelaten of afwijzen (trekkers)",
)
def decide_request(request: HttpRequest, member_id: uuid.UUID, payload: DecisionIn) -> MemberOut:
    who = actor(request)
    member = services.decide_request(
        actor=who, member=selectors.member_record(who, member_id), accept=payload.accept
    )
    return MemberOut.build(member)


@router.get(
    C + "/meetings",
    response=list[MeetingOut],
    auth=READ,
    url_name="meeting-list",
    summary="Bijeenkomsten (leden)",
)
def list_meetings(request: HttpRequest, circle_id: uuid.UUID) -> list[MeetingOut]:
    who = actor(request)
    return [MeetingOut.build(m) for m in selectors.circle_meetings(who, selectors.circle(who, circle_id))]


@router.post(
    C + "/meetings",
    response={201: MeetingOut},
    auth=WRITE,
    url_name="meeting-create",
    summary="Bijeenkomst plannen (trekkers)",
)
@idempotent()
def create_meeting(request: HttpRequest, circle_id: uuid.UUID, payload: MeetingIn) -> HttpResponse:
    who = actor(request)
    meeting = services.add_meeting(actor=who, circle=selectors.circle(who, circle_id), **payload.model_dump())
    return created(MeetingOut.build(meeting), meeting)


@router.patch(
    "/learning/meetings/{meeting_id}",
    response=MeetingOut,
    auth=WRITE,
    url_name="meeting-update",
    summary="Agenda of verslag bijwerken (If-Match)",
)
def update_meeting(
    request: HttpRequest, response: HttpResponse, meeting_id: uuid.UUID, payload: MeetingPatch
) -> MeetingOut:
    who = actor(request)
    meeting = selectors.meeting(who, meeting_id)
    return changed(
        request,
        response,
        meeting,
        lambda revision: services.update_meeting(
            actor=who, meeting=meeting, expected_revision=revision, **given_fields(payload)
        ),
        MeetingOut.build,
    )


@router.get(
    C + "/threads",
    response=list[CircleThreadOut],
    auth=READ,
    url_name="thread-list",
    summary="Discussies (leden)",
)
def list_threads(request: HttpRequest, circle_id: uuid.UUID) -> list[CircleThreadOut]:
    who = actor(request)
    return [
        CircleThreadOut.build(t, posts=False)
        for t in selectors.circle_threads(who, selectors.circle(who, circle_id))
    ]


@router.post(
    C + "/threads",
    response={201: CircleThreadOut},
    auth=WRITE,
    url_name="thread-create",
    summary="Discussie beginnen (leden)",
)
@idempotent()
def create_thread(request: HttpRequest, circle_id: uuid.UUID, payload: ThreadIn) -> HttpResponse:
    who = actor(request)
    thread = services.start_thread(actor=who, circle=selectors.circle(who, circle_id), **payload.model_dump())
    return json_response(CircleThreadOut.build(thread), status=201)


@router.get(
    "/learning/threads/{thread_id}",
    response=CircleThreadOut,
    auth=READ,
    url_name="thread-detail",
    summary="Discussie met reacties",
)
def get_thread(request: HttpRequest, thread_id: uuid.UUID) -> CircleThreadOut:
    return CircleThreadOut.build(selectors.thread(actor(request), thread_id))


@router.post(
    "/learning/threads/{thread_id}/replies",
    response={201: CircleThreadOut},
    auth=WRITE,
    url_name="thread-reply",
    summary="Reageren (leden)",
)
@idempotent()
def reply(request: HttpRequest, thread_id: uuid.UUID, payload: ReplyIn) -> HttpResponse:
    who = actor(request)
    thread = selectors.thread(who, thread_id)
    services.reply(actor=who, thread=thread, body=payload.body)
    return json_response(CircleThreadOut.build(thread), status=201)


@router.post(
    C + "/lessons",
    response={201: CircleOut},
    auth=WRITE,
    url_name="circle-link-lesson",
    summary="Les koppelen die uit de kring kwam (leden)",
)
@idempotent()
def link_lesson(request: HttpRequest, circle_id: uuid.UUID, payload: LinkIn) -> HttpResponse:
    who = actor(request)
    circle = selectors.circle(who, circle_id)
    services.link_lesson(actor=who, circle=circle, lesson=selectors.lesson(who, payload.lesson))
    return json_response(CircleOut.build(selectors.circle(who, circle_id)), status=201)
