"""Named access checks of the learning pillar (deny by default). Services and selectors use these.

A *principal* is a :class:`~opgave.core.models.Person` or an active API token (which acts for its
own organisation); :func:`principal_of` gets it from an :class:`~opgave.core.actors.Actor`.

* **lessons**: *public* for everybody, *platform* for every signed-in person or token,
  *collaboration* only for the participants and facilitators of the collaboration it came from
  (or the two partner organisations of the twinning it came from);
* **twinning**: partners, dates, goals and results are visible to every signed-in user (results
  also publicly); activities, proposals, frictions and evaluations to members of the partners;
  a proposal is decided by an administrator of either partner, never by its own author;
* **knowledge circles**: name and purpose visible to every signed-in user; meetings, threads and
  members to active members; the *trekkers* invite, decide requests and plan meetings.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, Value

from opgave.collaborations import permissions as collab
from opgave.collaborations.models import Collaboration, Lesson, LessonVisibility
from opgave.core.actors import Actor
from opgave.core.models import Membership
from opgave.learning.models import (
    CircleMember,
    CircleMemberStatus,
    CircleRole,
    KnowledgeCircle,
    Twinning,
    TwinningLesson,
)


def principal_of(actor: Actor) -> Any:
    """The person, or the token for a token actor; ``None`` for the system and for anonymous."""
    return actor.person or actor.token


def is_known(actor: Actor) -> bool:
    return actor.is_system or collab.is_known(principal_of(actor))


def organisation_ids(actor: Actor) -> set[int]:
    return collab.organisation_ids(principal_of(actor))


# -- lessons ------------------------------------------------------------------------------------


def _twinning_ids(actor: Actor) -> Any:
    orgs = organisation_ids(actor)
    return Twinning.objects.filter(Q(partner_a__in=orgs) | Q(partner_b__in=orgs)).values("id")


def lesson_filter(actor: Actor, *, id_field: str = "id", resolve: bool = False) -> Q:
    """A ``Q`` on :class:`Lesson` selecting the lessons ``actor`` may see (on a lesson's search
    document with ``id_field="lesson_id"``: it carries the same visibility columns).

    The actor's own collaborations and twinning lessons are subqueries (PostgreSQL hashes each
    once per query), so a single statement costs no extra round trip (ADR 0041). With
    ``resolve=True`` they are read once, in one query, and put in as lists of ids instead: for a
    caller that runs several statements with the same filter, such as the academy search, which
    would otherwise run the subqueries in each (ADR 0049).
    """
    if actor.is_system:
        return Q()
    condition = Q(visibility=LessonVisibility.PUBLIC)
    principal = principal_of(actor)
    if not collab.is_known(principal):
        return condition
    condition |= Q(visibility=LessonVisibility.PLATFORM)
    own: Any = Collaboration.objects.filter(collab.private_filter(principal)).values("id")
    twinning_lessons: Any = TwinningLesson.objects.filter(twinning__in=_twinning_ids(actor)).values(
        "lesson_id"
    )
    if resolve:
        rows = (
            own.order_by()
            .annotate(kind=Value("c"))
            .values_list("kind", "id")
            .union(twinning_lessons.order_by().annotate(kind=Value("t")).values_list("kind", "lesson_id"))
        )
        ids: dict[str, list[int]] = {"c": [], "t": []}
        for kind, pk in rows:
            ids[kind].append(pk)
        own, twinning_lessons = sorted(ids["c"]), sorted(ids["t"])
        if own:
            condition |= Q(visibility=LessonVisibility.COLLABORATION, collaboration_id__in=own)
        if twinning_lessons:
            condition |= Q(visibility=LessonVisibility.COLLABORATION, **{f"{id_field}__in": twinning_lessons})
        return condition
    return (
        condition
        | Q(visibility=LessonVisibility.COLLABORATION, collaboration_id__in=own)
        | Q(visibility=LessonVisibility.COLLABORATION, **{f"{id_field}__in": twinning_lessons})
    )


def can_view_lesson(actor: Actor, lesson: Lesson) -> bool:
    return Lesson.objects.filter(lesson_filter(actor), pk=lesson.pk).exists()


def can_edit_lesson(actor: Actor, lesson: Lesson) -> bool:
    if actor.is_system:
        return True
    if lesson.collaboration is not None:
        return collab.can_edit(principal_of(actor), lesson.collaboration)
    link = getattr(lesson, "twinning_source", None)
    return link is not None and is_partner(actor, link.twinning)


def can_record_lesson(actor: Actor, collaboration: Collaboration) -> bool:
    return actor.is_system or collab.can_edit(principal_of(actor), collaboration)


# -- twinning -----------------------------------------------------------------------------------


def is_partner(actor: Actor, twinning: Twinning) -> bool:
    """A member (or token) of one of the two partner organisations."""
    if actor.is_system:
        return True
    return bool(organisation_ids(actor) & {twinning.partner_a_id, twinning.partner_b_id})


def can_create_twinning(actor: Actor, partner_a: Any, partner_b: Any) -> bool:
    """An administrator of one of the partners (or the system)."""
    if actor.is_system:
        return True
    person = collab.person_of(actor.person)
    return (
        person is not None
        and Membership.objects.filter(
            person=person, organisation__in=[partner_a, partner_b], role=Membership.Role.ADMIN
        ).exists()
    )


def can_decide_proposal(actor: Actor, proposal: Any) -> bool:
    """An administrator of either partner decides a small proposal, but never on their own one."""
    if actor.is_system:
        return True
    person = collab.person_of(actor.person)
    if person is None or proposal.submitted_by_id == person.pk:
        return False
    twinning = proposal.twinning
    return Membership.objects.filter(
        person=person,
        organisation_id__in=[twinning.partner_a_id, twinning.partner_b_id],
        role=Membership.Role.ADMIN,
    ).exists()


def can_evaluate(actor: Actor, twinning: Twinning) -> bool:
    return can_create_twinning(actor, twinning.partner_a, twinning.partner_b)


# -- knowledge circles --------------------------------------------------------------------------


def _membership(actor: Actor, circle: KnowledgeCircle) -> CircleMember | None:
    person = collab.person_of(actor.person)
    if person is None:
        return None
    return CircleMember.objects.filter(circle=circle, person=person).first()


def is_circle_member(actor: Actor, circle: KnowledgeCircle) -> bool:
    if actor.is_system:
        return True
    member = _membership(actor, circle)
    return member is not None and member.status == CircleMemberStatus.ACTIVE


def is_circle_lead(actor: Actor, circle: KnowledgeCircle) -> bool:
    if actor.is_system:
        return True
    member = _membership(actor, circle)
    return (
        member is not None
        and member.status == CircleMemberStatus.ACTIVE
        and member.role == CircleRole.TREKKER
    )


def can_create_circle(actor: Actor) -> bool:
    return actor.is_system or collab.person_of(actor.person) is not None
