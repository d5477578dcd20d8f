"""Reads, with the visibility rules applied (deny by default).

* Public fields of collaborations and programmes: every logged-in person.
* Private parts: :func:`opgave.collaborations.permissions.can_view_private`.
* Session answers: while a session is open, a person sees **only their own** answer — this holds
  for every function here that returns answers, so list and detail pages and the API cannot leak.
"""

from __future__ import annotations

import dataclasses
import uuid as uuid_module
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone

from opgave.collaborations import diagnostics as diag
from opgave.collaborations import permissions, pulse
from opgave.collaborations.design import Design, parse_design
from opgave.collaborations.models import (
    Activity,
    Collaboration,
    Comment,
    Consent,
    DesignVersion,
    Goal,
    Invitation,
    JoinRequest,
    Lesson,
    Participation,
    Programme,
    Session,
    SessionAnswer,
    SessionStatus,
    Tension,
    Theme,
)
from opgave.core.exceptions import Invalid, NotFound, PermissionDenied
from opgave.core.models import Organisation, Person


def _authenticated(person: Any) -> None:
    if not permissions.is_known(person):
        raise PermissionDenied("Log in om samenwerkingen te bekijken.")


def collaborations(
    person: Any, *, query: str = "", programme: Programme | None = None
) -> QuerySet[Collaboration]:
    """All collaborations (public fields) for a logged-in person; ``query`` searches name and opgave only."""
    _authenticated(person)
    qs = Collaboration.objects.all().prefetch_related("owners", "region").select_related("programme", "theme")
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(opgave__icontains=query))
    if programme is not None:
        qs = qs.filter(programme=programme)
    return qs.order_by("name")


def private_ids(person: Any, among: Iterable[int] | None = None) -> set[int]:
    """IDs of collaborations whose private parts ``person`` may see (``among`` those ids only:
    a page of a list asks about its own rows, not about every collaboration there is)."""
    if not getattr(person, "is_authenticated", False):
        return set()
    found = Collaboration.objects.filter(permissions.private_filter(person))
    if among is not None:
        found = found.filter(id__in=list(among))
    return set(found.values_list("id", flat=True).distinct())


def my_collaborations(person: Any) -> QuerySet[Collaboration]:
    _authenticated(person)
    return Collaboration.objects.filter(id__in=private_ids(person)).order_by("name")


def collaboration(person: Any, uuid: Any, *, to_show: bool = False) -> Collaboration:
    """The collaboration with ``uuid``; ``to_show`` loads what its public fields show with it (for
    a read: a write may change owners and region after this, so it reads them afresh instead)."""
    _authenticated(person)
    found = Collaboration.objects.all()
    if to_show:
        found = found.select_related("programme", "theme").prefetch_related("owners", "region")
    try:
        return found.get(uuid=uuid)
    except (Collaboration.DoesNotExist, ValueError, TypeError, DjangoValidationError):
        raise NotFound("Deze samenwerking bestaat niet.") from None


def collaboration_to_manage(person: Any, uuid: Any) -> Collaboration:
    """A collaboration whose public fields ``person`` may change (the edit page)."""
    found = collaboration(person, uuid)
    if not permissions.can_manage(person, found):
        raise PermissionDenied("Alleen eigenaren en facilitatoren wijzigen deze gegevens.")
    return found


def collaboration_for_session(person: Any, uuid: Any) -> Collaboration:
    """A collaboration in which ``person`` may open a session (the session form)."""
    found = collaboration(person, uuid)
    if not permissions.can_open_session(person, found):
        raise PermissionDenied(
            "Alleen leden van een eigenaar en facilitatoren van de samenwerking openen een sessie."
        )
    return found


def require_private(person: Any, collaboration: Collaboration) -> None:
    if not permissions.can_view_private(person, collaboration):
        raise PermissionDenied("Alleen deelnemers en de facilitator zien dit deel van de samenwerking.")


def known_party_names(person: Any, collaboration: Collaboration) -> list[str]:
    """The active parties of step 2 (last agreed version and working draft), by name, for the
    proposal form's "is dezelfde partij als" choice."""
    require_private(person, collaboration)
    latest = collaboration.versions.order_by("-number").first()
    designs = [parse_design(latest.data if latest else None), parse_design(collaboration.draft)]
    names = [p.organisation_name for d in designs for p in d.step2.parties if p.active]
    return sorted(dict.fromkeys(names), key=str.casefold)


def design(person: Any, collaboration: Collaboration) -> Design:
    require_private(person, collaboration)
    return parse_design(collaboration.draft)


def versions(person: Any, collaboration: Collaboration) -> QuerySet[DesignVersion]:
    require_private(person, collaboration)
    return collaboration.versions.select_related("session").order_by("-number")


def latest_version(person: Any, collaboration: Collaboration) -> DesignVersion | None:
    """The last agreed version (the current agreed design), or ``None`` before the first."""
    return versions(person, collaboration).order_by("-number").first()


def version(person: Any, collaboration: Collaboration, number: int) -> DesignVersion:
    require_private(person, collaboration)
    try:
        return collaboration.versions.get(number=number)
    except DesignVersion.DoesNotExist:
        raise NotFound(f"Versie {number} bestaat niet.") from None


def sessions(person: Any, collaboration: Collaboration) -> QuerySet[Session]:
    require_private(person, collaboration)
    return collaboration.sessions.select_related("facilitator").prefetch_related("participants")


def session(person: Any, uuid: Any) -> Session:
    _authenticated(person)
    try:
        found = Session.objects.select_related("collaboration", "facilitator").get(uuid=uuid)
    except (Session.DoesNotExist, ValueError, TypeError, DjangoValidationError):
        raise NotFound("Deze sessie bestaat niet.") from None
    if not (
        permissions.can_view_private(person, found.collaboration)
        or permissions.is_session_participant(person, found)
    ):
        raise PermissionDenied("Alleen deelnemers en de facilitator zien deze sessie.")
    return found


def visible_answers(person: Any, session: Session) -> QuerySet[SessionAnswer]:
    """Before the reveal: only the person's own answer (also for the facilitator). After: all answers."""
    qs = session.answers.select_related("author").order_by("submitted_at")
    if session.status == SessionStatus.OPEN:
        author = permissions.person_of(person)
        return qs.filter(author=author) if author is not None else qs.none()
    return qs


def answered_count(session: Session) -> int:
    """How many participants answered; a number reveals nothing of the content."""
    return session.answers.count()


def activities(person: Any, collaboration: Collaboration) -> QuerySet[Activity]:
    require_private(person, collaboration)
    return collaboration.activities.order_by("-occurred_at")


def programmes(person: Any) -> QuerySet[Programme]:
    _authenticated(person)
    return Programme.objects.prefetch_related("themes", "owners")


def programme(person: Any, uuid: Any) -> Programme:
    _authenticated(person)
    try:
        return Programme.objects.get(uuid=uuid)
    except (Programme.DoesNotExist, ValueError, TypeError, DjangoValidationError):
        raise NotFound("Dit programma bestaat niet.") from None


# --- diagnostics -------------------------------------------------------------------------------


def history_for(collaboration: Collaboration) -> diag.History:
    """Build the pure :class:`~opgave.collaborations.diagnostics.History` of a collaboration."""
    events = tuple(diag.Event(a.occurred_at, a.kind) for a in collaboration.activities.all())
    goals = tuple(
        diag.GoalSeries(g.baseline, g.target, tuple((m.measured_at, m.value) for m in g.measurements.all()))
        for g in collaboration.goals.prefetch_related("measurements")
    )
    revealed = tuple(
        diag.RevealedSession(s.revealed_at, (s.divergence or {}).get("mean_similarity"))
        for s in collaboration.sessions.filter(revealed_at__isnull=False)
        if s.revealed_at is not None
    )
    versions_ = tuple(
        diag.VersionInfo(v.agreed_at, tuple(v.steps_confirmed)) for v in collaboration.versions.all()
    )
    lessons = tuple(collaboration.lessons.values_list("recorded_at", flat=True))
    return diag.History(events, goals, revealed, versions_, lessons, started=collaboration.created_at)


@dataclass
class Diagnostics:
    now: datetime
    current: diag.Idling
    series: list[diag.Idling]
    matrix: diag.MatrixPosition
    matrix_history: list[diag.MatrixPosition]
    steps: list[diag.StepStatus]
    blind_spots: list[diag.BlindSpot]
    phase: diag.Phase
    maturity: diag.Maturity


def compute_diagnostics(collaboration: Collaboration, now: datetime | None = None) -> Diagnostics:
    """All diagnostics of one collaboration (no access check: callers use :func:`diagnostics`)."""
    now = now or timezone.now()
    history = history_for(collaboration)
    draft = parse_design(collaboration.draft)
    series = diag.idling_series(history, now)
    ready = diag.maturity(history, now)
    statuses = diag.step_statuses(draft, history.versions, collaboration.review_interval_days, now)
    kinds = {
        str(o.uuid): o.kind
        for o in _organisations([p.organisation for p in draft.step2.parties if p.organisation])
    }
    return Diagnostics(
        now=now,
        current=series[-1],
        series=series,
        matrix=diag.doing_learning(history, now),
        matrix_history=diag.doing_learning_history(history, now),
        steps=statuses,
        blind_spots=diag.blind_spots(draft, len(history.goals), kinds),
        phase=diag.phase(series, draft.step4.embedding, statuses, ready),
        maturity=ready,
    )


def _organisations(uuids: list[str]) -> list[Organisation]:
    valid = []
    for value in uuids:
        try:
            valid.append(str(uuid_module.UUID(value)))
        except ValueError:
            continue
    return list(Organisation.objects.filter(uuid__in=valid))


def diagnostics(person: Any, collaboration: Collaboration, now: datetime | None = None) -> Diagnostics:
    require_private(person, collaboration)
    return compute_diagnostics(collaboration, now)


def programme_overview(
    person: Any, programme: Programme, now: datetime | None = None
) -> list[tuple[Collaboration, Diagnostics | None]]:
    """The programme's collaborations side by side; diagnostics only where ``person`` may see them:
    participants and facilitators, and members of the programme's owner organisations where the
    collaboration's owners agreed to share them (``share_diagnostics_with_programme``)."""
    visible = private_ids(person)
    owner = permissions.can_manage_programme(person, programme)
    rows: list[tuple[Collaboration, Diagnostics | None]] = []
    for item in collaborations(person, programme=programme):
        if item.id in visible:
            rows.append((item, compute_diagnostics(item, now)))
        elif owner and item.share_diagnostics_with_programme:
            # The collaboration's owners agreed to share; judgements stay with its participants.
            rows.append((item, without_judgement(compute_diagnostics(item, now))))
        else:
            rows.append((item, None))
    return rows


def without_judgement(result: Diagnostics) -> Diagnostics:
    """For a programme owner who does not take part: the facts, not the verdict on the doing-and-learning
    quadrant ("zonder waarde" is for the collaboration's own participants)."""
    hidden = diag.MatrixPosition(
        result.matrix.at,
        result.matrix.output,
        result.matrix.lessons,
        "",
        "Alleen zichtbaar voor de deelnemers",
    )
    return dataclasses.replace(result, matrix=hidden, matrix_history=[])


@dataclass(frozen=True)
class DueReview:
    collaboration: Collaboration
    overdue_steps: list[diag.StepStatus]
    can_open_session: bool = False


def due_reviews(person: Any, now: datetime | None = None) -> list[DueReview]:
    """Collaborations of ``person`` with a step whose answer is older than the review interval."""
    now = now or timezone.now()
    due = []
    for item in my_collaborations(person).exclude(status="beeindigd"):
        history = history_for(item)
        statuses = diag.step_statuses(
            parse_design(item.draft), history.versions, item.review_interval_days, now
        )
        overdue = [s for s in statuses if s.overdue]
        if overdue:
            due.append(DueReview(item, overdue, permissions.can_open_session(person, item)))
    return due


def pulse_trend(
    person: Any, collaboration: Collaboration, now: datetime | None = None
) -> list[pulse.TrendPoint]:
    """The health pulse per 91-day window (participants only)."""
    require_private(person, collaboration)
    responses = [(r.submitted_at, r.scores) for r in collaboration.pulses.all()]
    return pulse.trend(responses, now or timezone.now())


# --- what waits for a person --------------------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
    answers: list[Session]  # open sessions without my answer
    consents: list[Session]  # revealed sessions where my consent to the current text is missing
    reviews: list[DueReview]

    @property
    def empty(self) -> bool:
        return not (self.answers or self.consents or self.reviews)


def waiting_for(person: Any, now: datetime | None = None) -> Waiting:
    """ "Wacht op jou": open sessions without the person's answer, consents pending, reviews due."""
    me = permissions.person_of(person)
    if me is None:
        return Waiting([], [], [])
    mine = Session.objects.filter(participants=me).select_related("collaboration")
    answered = set(SessionAnswer.objects.filter(author=me).values_list("session_id", flat=True))
    open_ = [
        s
        for s in mine.filter(status=SessionStatus.OPEN).order_by("closes_at", "opened_at")
        if s.pk not in answered and not (s.closes_at and s.closes_at <= (now or timezone.now()))
    ]
    revealed = list(mine.filter(status=SessionStatus.REVEALED).order_by("revealed_at"))
    consents = [
        s for s in revealed if not s.consents.filter(participant=me, proposal_revision=s.revision).exists()
    ]
    return Waiting(open_, consents, due_reviews(me, now))


def unanswered(person: Any, session: Session) -> list[Any]:
    """Who has not answered yet (names only, never what others answered): for the facilitator."""
    if not permissions.can_reveal(person, session):
        return []
    answered = set(session.answers.values_list("author_id", flat=True))
    return [p for p in session.participants.order_by("first_name", "username") if p.pk not in answered]


# --- who comes in -------------------------------------------------------------------------------


def join_requests(person: Any, collaboration: Collaboration) -> QuerySet[JoinRequest]:
    """Pending and decided requests, for those who decide (facilitators and owners)."""
    if not permissions.can_manage(person, collaboration):
        return JoinRequest.objects.none()
    return collaboration.join_requests.select_related("person", "organisation").order_by(
        "status", "-created_at"
    )


def join_request(person: Any, collaboration: Collaboration, uuid: Any) -> JoinRequest:
    try:
        return join_requests(person, collaboration).get(uuid=uuid)
    except (JoinRequest.DoesNotExist, ValueError, TypeError, DjangoValidationError):
        raise NotFound("Dit verzoek bestaat niet.") from None


def my_join_request(person: Any, collaboration: Collaboration) -> JoinRequest | None:
    me = permissions.person_of(person)
    if me is None:
        return None
    return collaboration.join_requests.filter(person=me).order_by("-created_at").first()


def invitations(person: Any, collaboration: Collaboration) -> QuerySet[Invitation]:
    if not permissions.can_manage(person, collaboration):
        return Invitation.objects.none()
    return collaboration.invitations.select_related("person", "organisation").order_by("-created_at")


def may_manage(principal: Any, collaboration: Collaboration) -> bool:
    """Whether ``principal`` invites and decides about newcomers (facilitators, owner members)."""
    return permissions.can_manage(principal, collaboration)


def join_request_for(principal: Any, collaboration: Collaboration, uuid: Any) -> JoinRequest:
    """One request to join: for the person who asked and for who decides; a refusal for others."""
    _authenticated(principal)
    try:
        found = collaboration.join_requests.select_related("collaboration", "person", "organisation").get(
            uuid=uuid
        )
    except (JoinRequest.DoesNotExist, ValueError, TypeError, DjangoValidationError):
        raise NotFound("Dit verzoek bestaat niet.") from None
    me = permissions.person_of(principal)
    if not (
        (me is not None and found.person_id == me.pk) or permissions.can_manage(principal, collaboration)
    ):
        raise PermissionDenied("Alleen wie het verzoek deed en wie erover beslist, zien het.")
    return found


def managed_join_requests(principal: Any, collaboration: Collaboration) -> QuerySet[JoinRequest]:
    """The requests to join, for the API: a refusal (not an empty list) for those who do not decide."""
    if not permissions.can_manage(principal, collaboration):
        raise PermissionDenied("Alleen de facilitator of een eigenaar ziet de verzoeken om deelname.")
    return join_requests(principal, collaboration).select_related("collaboration")


def managed_invitations(principal: Any, collaboration: Collaboration) -> QuerySet[Invitation]:
    """The invitations sent, for the API: a refusal (not an empty list) for those who do not invite."""
    if not permissions.can_manage(principal, collaboration):
        raise PermissionDenied("Alleen de facilitator of een eigenaar ziet de uitnodigingen.")
    return invitations(principal, collaboration).select_related("collaboration", "invited_by")


def managed_invitation(principal: Any, collaboration: Collaboration, uuid: Any) -> Invitation:
    """One invitation of this collaboration, for who may invite (to revoke it from the web page)."""
    try:
        return managed_invitations(principal, collaboration).get(uuid=uuid)
    except (Invitation.DoesNotExist, ValueError, TypeError, DjangoValidationError):
        raise NotFound("Deze uitnodiging bestaat niet.") from None


def invitation(person: Any, uuid: Any) -> Invitation:
    """An invitation to a person or organisation, for whom it is meant (or who sent it)."""
    from opgave.collaborations.services.access import may_answer

    _authenticated(person)
    try:
        found = Invitation.objects.select_related("collaboration", "organisation").get(uuid=uuid)
    except (Invitation.DoesNotExist, ValueError, TypeError, DjangoValidationError):
        raise NotFound("Deze uitnodiging bestaat niet.") from None
    if not (may_answer(person, found) or permissions.can_manage(person, found.collaboration)):
        raise NotFound("Deze uitnodiging bestaat niet.")
    return found


def participants_of(person: Any, collaboration: Collaboration) -> QuerySet[Participation]:
    require_private(person, collaboration)
    return collaboration.participations.filter(left_at__isnull=True).select_related("organisation")


def invitable_people(person: Any, collaboration: Collaboration) -> QuerySet[Person]:
    """People on the platform a facilitator may invite: active, not already inside."""
    if not permissions.can_manage(person, collaboration):
        return Person.objects.none()
    return Person.objects.filter(is_active=True).order_by("first_name", "last_name", "username")


def own_organisations(person: Any) -> QuerySet[Organisation]:
    me = permissions.person_of(person)
    if me is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__person=me).distinct().order_by("name")


# --- discussions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Thread:
    comment: Comment
    replies: list[Comment]


def discussion(person: Any, collaboration: Collaboration, topic: str) -> list[Thread]:
    require_private(person, collaboration)
    comments = list(
        collaboration.comments.filter(topic=topic).select_related("author").order_by("created_at", "pk")
    )
    replies: dict[int, list[Comment]] = {}
    for c in comments:
        if c.parent_id is not None:
            replies.setdefault(c.parent_id, []).append(c)
    return [Thread(c, replies.get(c.pk, [])) for c in comments if c.parent_id is None]


def comment(person: Any, collaboration: Collaboration, uuid: Any) -> Comment:
    require_private(person, collaboration)
    try:
        return collaboration.comments.get(uuid=uuid)
    except (Comment.DoesNotExist, ValueError, TypeError, DjangoValidationError):
        raise NotFound("Deze reactie bestaat niet.") from None


def programme_or_invalid(uuid: Any) -> Programme | None:
    """The programme a write names (``None`` for none); an unknown one is invalid input."""
    if uuid is None:
        return None
    found = Programme.objects.filter(uuid=uuid).first()
    if found is None:
        raise Invalid(
            "Dit programma bestaat niet.", [{"field": "programme", "message": "Onbekend programma."}]
        )
    return found


def theme_or_invalid(programme: Programme | None, uuid: Any) -> Theme | None:
    """The theme of ``programme`` a write names (``None`` for none); another one is invalid input."""
    if uuid is None:
        return None
    found = programme.themes.filter(uuid=uuid).first() if programme is not None else None
    if found is None:
        raise Invalid(
            "Dit thema hoort niet bij het programma.", [{"field": "theme", "message": "Onbekend thema."}]
        )
    return found


def tension(person: Any, uuid: Any) -> Tension:
    """One tension, for those who see its collaboration's private parts."""
    _authenticated(person)
    found = Tension.objects.select_related("collaboration").filter(uuid=uuid).first()
    if found is None:
        raise NotFound("Deze spanning bestaat niet.")
    require_private(person, found.collaboration)
    return found


def goal(person: Any, uuid: Any) -> Goal:
    """One goal, for those who see its collaboration's private parts."""
    _authenticated(person)
    found = Goal.objects.select_related("collaboration").filter(uuid=uuid).first()
    if found is None:
        raise NotFound("Dit doel bestaat niet.")
    require_private(person, found.collaboration)
    return found


def tensions(person: Any, collaboration: Collaboration) -> QuerySet[Tension]:
    require_private(person, collaboration)
    return collaboration.tensions.all()


def goals(person: Any, collaboration: Collaboration) -> QuerySet[Goal]:
    require_private(person, collaboration)
    return collaboration.goals.prefetch_related("measurements")


def lessons(person: Any, collaboration: Collaboration) -> QuerySet[Lesson]:
    require_private(person, collaboration)
    return collaboration.lessons.all()


def mine_only(person: Any, queryset: QuerySet[Collaboration]) -> QuerySet[Collaboration]:
    """Narrow ``queryset`` to the collaborations whose private parts ``person`` sees."""
    if not getattr(person, "is_authenticated", False):
        return queryset.none()
    return queryset.filter(
        id__in=Collaboration.objects.filter(permissions.private_filter(person)).values("id")
    )


# --- the pages' smaller reads --------------------------------------------------------------


def eligible_participants(collaboration: Collaboration) -> QuerySet[Person]:
    """Active members of the organisations taking part: who may be invited to a session."""
    orgs = permissions.participant_org_ids(collaboration)
    return (
        Person.objects.filter(memberships__organisation__in=orgs, is_active=True)
        .distinct()
        .order_by("first_name")
    )


def own_answer(person: Any, session: Session) -> SessionAnswer | None:
    """``person``'s own answer in ``session`` (``None`` for non-participants)."""
    if not permissions.is_session_participant(person, session):
        return None
    return visible_answers(person, session).filter(author=person).first()


def consents_of(session: Session) -> list[Consent]:
    """Every consent in ``session`` (also on earlier formulations), oldest first."""
    return list(session.consents.select_related("participant").order_by("at"))


def session_participants(session: Session) -> list[Person]:
    return list(session.participants.order_by("first_name"))


def session_version(session: Session) -> DesignVersion | None:
    """The version a session agreed, if it did."""
    return session.versions.first()


def goal_count(collaboration: Collaboration) -> int:
    return collaboration.goals.count()


def owner_ids(collaboration: Collaboration) -> list[int]:
    return list(collaboration.owners.values_list("pk", flat=True))


def tension_in(collaboration: Collaboration, uuid: Any) -> Tension | None:
    """A tension of ``collaboration`` by its uuid (``None`` for an unknown or malformed one)."""
    try:
        key = uuid_module.UUID(str(uuid))
    except ValueError:
        return None
    return collaboration.tensions.filter(uuid=key).first()
