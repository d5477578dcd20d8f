"""Writes on knowledge circles: start one, invitations and membership requests, meetings,
threads with replies, and the lessons a circle produced."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from opgave.collaborations.models import Lesson
from opgave.core.actors import Actor
from opgave.core.exceptions import Conflict, Invalid
from opgave.core.models import Organisation, Person
from opgave.learning import permissions
from opgave.learning.models import (
    CircleMeeting,
    CircleMember,
    CircleMemberStatus,
    CirclePost,
    CircleRole,
    CircleThread,
    KnowledgeCircle,
    Twinning,
)
from opgave.learning.services._common import apply_changes, check_revision, deny, record, required


def _first_org(person: Person) -> Organisation | None:
    return Organisation.objects.filter(memberships__person=person).order_by("name").first()


def create_circle(
    *, actor: Actor, name: str, purpose: str, theme: str = "", twinning: Twinning | None = None
) -> KnowledgeCircle:
    """A person starts a circle and becomes its first *trekker*."""
    action = "circle.create"
    if not permissions.can_create_circle(actor):
        raise deny(actor, action, None, "Een kenniskring start een aangemelde persoon.")
    required(name=name, purpose=purpose)
    with transaction.atomic():
        circle = KnowledgeCircle.objects.create(
            name=name.strip()[:200],
            purpose=purpose.strip(),
            theme=theme.strip()[:120],
            twinning=twinning,
            created_by=actor.person,
        )
        if actor.person is not None:
            CircleMember.objects.create(
                circle=circle,
                person=actor.person,
                organisation=actor.organisation or _first_org(actor.person),
                role=CircleRole.TREKKER,
                status=CircleMemberStatus.ACTIVE,
                decided_at=timezone.now(),
            )
        record(actor, action, circle)
    return circle


def invite(*, actor: Actor, circle: KnowledgeCircle, person: Person, message: str = "") -> CircleMember:
    action = "circle.invite"
    if not permissions.is_circle_lead(actor, circle):
        raise deny(actor, action, circle, "Alleen een trekker van de kring nodigt mensen uit.")
    with transaction.atomic():
        member, created = CircleMember.objects.select_for_update().get_or_create(
            circle=circle,
            person=person,
            defaults={
                "status": CircleMemberStatus.INVITED,
                "organisation": _first_org(person),
                "message": message.strip()[:400],
            },
        )
        if not created:
            if member.status == CircleMemberStatus.ACTIVE:
                raise Conflict("Deze persoon is al lid van de kring.")
            if member.status == CircleMemberStatus.REQUESTED:
                member.status = CircleMemberStatus.ACTIVE
                member.decided_at = timezone.now()
            else:
                member.status = CircleMemberStatus.INVITED
            member.save()
        record(actor, action, member)
    return member


def request_membership(*, actor: Actor, circle: KnowledgeCircle, message: str = "") -> CircleMember:
    action = "circle.request"
    person = actor.person
    if person is None:
        raise deny(actor, action, circle, "Aanmelden voor een kenniskring doet een persoon.")
    if not circle.open_to_requests:
        raise Conflict("Deze kring neemt alleen leden op uitnodiging op.")
    with transaction.atomic():
        member, created = CircleMember.objects.select_for_update().get_or_create(
            circle=circle,
            person=person,
            defaults={
                "status": CircleMemberStatus.REQUESTED,
                "organisation": actor.organisation or _first_org(person),
                "message": message.strip()[:400],
            },
        )
        if not created:
            if member.status == CircleMemberStatus.ACTIVE:
                raise Conflict("Je bent al lid van deze kring.")
            if member.status == CircleMemberStatus.INVITED:
                member.status = CircleMemberStatus.ACTIVE
                member.decided_at = timezone.now()
            else:
                member.status = CircleMemberStatus.REQUESTED
            member.save()
        record(actor, action, member)
    return member


def answer_invitation(*, actor: Actor, member: CircleMember, accept: bool) -> CircleMember:
    action = "circle.invitation.answer"
    if actor.person is None or member.person_id != actor.person.pk:
        raise deny(actor, action, member, "Alleen de uitgenodigde persoon beantwoordt de uitnodiging.")
    if member.status != CircleMemberStatus.INVITED:
        raise Conflict("Er staat geen uitnodiging open.")
    with transaction.atomic():
        member.status = CircleMemberStatus.ACTIVE if accept else CircleMemberStatus.DECLINED
        member.decided_at = timezone.now()
        member.save()
        record(actor, action, member, {"accept": accept})
    return member


def decide_request(*, actor: Actor, member: CircleMember, accept: bool) -> CircleMember:
    action = "circle.request.decide"
    if not permissions.is_circle_lead(actor, member.circle):
        raise deny(actor, action, member, "Alleen een trekker van de kring beslist over aanmeldingen.")
    if member.status != CircleMemberStatus.REQUESTED:
        raise Conflict("Er staat geen aanmelding open.")
    with transaction.atomic():
        member.status = CircleMemberStatus.ACTIVE if accept else CircleMemberStatus.DECLINED
        member.decided_at = timezone.now()
        member.save()
        record(actor, action, member, {"accept": accept})
    return member


def add_meeting(
    *, actor: Actor, circle: KnowledgeCircle, title: str, held_on: date, agenda: str = "", notes: str = ""
) -> CircleMeeting:
    action = "circle.meeting.create"
    if not permissions.is_circle_lead(actor, circle):
        raise deny(actor, action, circle, "Alleen een trekker van de kring plant bijeenkomsten.")
    required(title=title)
    with transaction.atomic():
        meeting = CircleMeeting.objects.create(
            circle=circle,
            title=title.strip()[:200],
            held_on=held_on,
            agenda=agenda.strip(),
            notes=notes.strip(),
        )
        record(actor, action, meeting)
    return meeting


def update_meeting(
    *, actor: Actor, meeting: CircleMeeting, expected_revision: int | None, **fields: Any
) -> CircleMeeting:
    action = "circle.meeting.update"
    if not permissions.is_circle_member(actor, meeting.circle):
        raise deny(actor, action, meeting, "Alleen leden van de kring werken het verslag bij.")
    allowed = {"title", "agenda", "notes", "held_on"}
    if set(fields) - allowed:
        raise Invalid(f"Onbekende velden: {', '.join(sorted(set(fields) - allowed))}.")
    if "title" in fields:
        required(title=fields["title"])
    with transaction.atomic():
        locked = CircleMeeting.objects.select_for_update().get(pk=meeting.pk)
        check_revision(locked, expected_revision)
        changes = apply_changes(
            locked, {key: value.strip() if isinstance(value, str) else value for key, value in fields.items()}
        )
        locked.revision += 1
        locked.save()
        record(actor, action, locked, {"changes": changes})
    return locked


def start_thread(*, actor: Actor, circle: KnowledgeCircle, title: str, body: str) -> CircleThread:
    action = "circle.thread.create"
    if actor.person is None or not permissions.is_circle_member(actor, circle):
        raise deny(actor, action, circle, "Alleen leden van de kring beginnen een discussie.")
    required(title=title, body=body)
    with transaction.atomic():
        thread = CircleThread.objects.create(
            circle=circle, title=title.strip()[:200], created_by=actor.person
        )
        CirclePost.objects.create(thread=thread, body=body.strip(), created_by=actor.person)
        record(actor, action, thread)
    return thread


def reply(*, actor: Actor, thread: CircleThread, body: str) -> CirclePost:
    action = "circle.thread.reply"
    if actor.person is None or not permissions.is_circle_member(actor, thread.circle):
        raise deny(actor, action, thread, "Alleen leden van de kring reageren.")
    required(body=body)
    with transaction.atomic():
        post = CirclePost.objects.create(thread=thread, body=body.strip(), created_by=actor.person)
        record(actor, action, post)
    return post


def link_lesson(*, actor: Actor, circle: KnowledgeCircle, lesson: Lesson) -> KnowledgeCircle:
    """Record that a lesson came out of the circle (members only, and only a lesson they can see)."""
    action = "circle.lesson.link"
    if not permissions.is_circle_member(actor, circle) or not permissions.can_view_lesson(actor, lesson):
        raise deny(actor, action, circle, "Alleen leden van de kring koppelen een les die zij kunnen zien.")
    with transaction.atomic():
        circle.lessons.add(lesson)
        record(actor, action, circle, {"lesson": str(lesson.uuid)})
    return circle
