"""``/collaborations/{id}/sessions`` and ``/sessions/{id}``: answer, reveal, shared formulation, consent.

While a session is open, every response that carries answers holds only the caller's own.
"""

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router

from opgave.api.collaborations.common import READ, WRITE, actor_of, collaboration_of, principal
from opgave.api.collaborations.schemas import (
    AnswerIn,
    AnswerOut,
    ConsentIn,
    ProposalIn,
    SessionIn,
    SessionOut,
)
from opgave.api.conditional import if_match, with_etag
from opgave.api.idempotency import idempotent
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.api.responses import created, json_response
from opgave.collaborations import selectors, services
from opgave.collaborations.models import Collaboration, Session
from opgave.core import selectors as core_selectors
from opgave.core.exceptions import Conflict, RevisionConflict

router = Router(tags=["Sessies"])


def _session(request: HttpRequest, session_id: uuid.UUID) -> Session:
    return selectors.session(principal(request), session_id)


def _out(request: HttpRequest, session: Session) -> SessionOut:
    session.refresh_from_db()
    return SessionOut.build(session, principal(request))


@router.get(
    "/collaborations/{collaboration_id}/sessions",
    response=page_of(SessionOut),
    auth=READ,
    url_name="session-list",
    summary="Sessies van een samenwerking",
)
def list_sessions(
    request: HttpRequest, response: HttpResponse, collaboration_id: uuid.UUID, page: Query[PageParams]
) -> dict[str, Any]:
    item = collaboration_of(request, collaboration_id)
    who = principal(request)
    qs = selectors.sessions(who, item)
    return paginate(
        request,
        qs,
        page,
        ordering=("-opened_at",),
        response=response,
        serialize=lambda s: SessionOut.build(s, who),
    )


@router.post(
    "/collaborations/{collaboration_id}/sessions",
    response={201: SessionOut},
    auth=WRITE,
    url_name="session-create",
    summary="Sessie openen (de aanvrager wordt facilitator)",
)
@idempotent()
def create_session(request: HttpRequest, collaboration_id: uuid.UUID, payload: SessionIn) -> HttpResponse:
    item: Collaboration = collaboration_of(request, collaboration_id)
    people = core_selectors.people_by_uuid(payload.participants, "participants")
    session = services.open_session(
        item,
        title=payload.title,
        kind=payload.kind,
        steps=payload.steps,
        participants=people,
        closes_at=payload.closes_at,
        actor=actor_of(request),
    )
    location = reverse("api-v1:session-detail", kwargs={"session_id": session.uuid})
    return created(_out(request, session), obj=session, location=location)


@router.get(
    "/sessions/{session_id}",
    response=SessionOut,
    auth=READ,
    url_name="session-detail",
    summary="Eén sessie (vóór onthulling alleen je eigen antwoord)",
)
def get_session(request: HttpRequest, response: HttpResponse, session_id: uuid.UUID) -> SessionOut:
    session = _session(request, session_id)
    with_etag(response, session)
    return SessionOut.build(session, principal(request))


@router.get(
    "/sessions/{session_id}/answers",
    response=list[AnswerOut],
    auth=READ,
    url_name="session-answers",
    summary="Antwoorden (vóór onthulling alleen je eigen antwoord)",
)
def list_answers(request: HttpRequest, session_id: uuid.UUID) -> list[AnswerOut]:
    session = _session(request, session_id)
    return [
        AnswerOut(
            author=str(a.author),
            author_id=a.author.uuid,
            formulation=a.formulation,
            parties=a.parties,
            submitted_at=a.submitted_at,
        )
        for a in selectors.visible_answers(principal(request), session)
    ]


@router.put(
    "/sessions/{session_id}/answer",
    response=AnswerOut,
    auth=WRITE,
    url_name="session-answer",
    summary="Je eigen antwoord geven of wijzigen (zolang de sessie open is)",
)
def put_answer(request: HttpRequest, session_id: uuid.UUID, payload: AnswerIn) -> AnswerOut:
    session = _session(request, session_id)
    answer = services.submit_answer(
        session, formulation=payload.formulation, parties=payload.parties, actor=actor_of(request)
    )
    return AnswerOut(
        author=str(answer.author),
        author_id=answer.author.uuid,
        formulation=answer.formulation,
        parties=answer.parties,
        submitted_at=answer.submitted_at,
    )


@router.post(
    "/sessions/{session_id}/reveal",
    response=SessionOut,
    auth=WRITE,
    url_name="session-reveal",
    summary="Antwoorden onthullen en divergentie meten (facilitator)",
)
@idempotent()
def reveal(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    session = services.reveal(_session(request, session_id), actor=actor_of(request))
    return with_etag(json_response(_out(request, session)), session)


@router.put(
    "/sessions/{session_id}/proposal",
    response=SessionOut,
    auth=WRITE,
    url_name="session-proposal",
    summary="Gedeelde formulering bewerken (If-Match; wist eerdere instemming)",
)
def put_proposal(
    request: HttpRequest, response: HttpResponse, session_id: uuid.UUID, payload: ProposalIn
) -> SessionOut:
    session = _session(request, session_id)
    revision = if_match(request, session)
    session = services.update_proposal(
        session,
        expected_revision=revision,
        opgave=payload.opgave,
        bedoeling=payload.bedoeling,
        parties=payload.parties,
        actor=actor_of(request),
    )
    with_etag(response, session)
    return _out(request, session)


@router.post(
    "/sessions/{session_id}/consent",
    response=SessionOut,
    auth=WRITE,
    url_name="session-consent",
    summary="Instemmen met of bezwaar maken tegen de gedeelde formulering (met de gelezen revisie)",
)
@idempotent()
def consent(request: HttpRequest, session_id: uuid.UUID, payload: ConsentIn) -> HttpResponse:
    session = _session(request, session_id)
    try:
        session = services.consent(
            session,
            decision=payload.decision,
            reason=payload.reason,
            expected_revision=payload.revision,
            actor=actor_of(request),
        )
    except RevisionConflict as exc:
        raise Conflict(exc.detail) from exc
    return with_etag(json_response(_out(request, session)), session)


@router.post(
    "/collaborations/{collaboration_id}/review-session",
    response={201: SessionOut},
    auth=WRITE,
    url_name="review-session",
    summary="Herijkingssessie starten met één klik",
)
@idempotent()
def start_review(request: HttpRequest, collaboration_id: uuid.UUID) -> HttpResponse:
    item = collaboration_of(request, collaboration_id)
    session = services.start_review_session(item, actor=actor_of(request))
    location = reverse("api-v1:session-detail", kwargs={"session_id": session.uuid})
    return created(_out(request, session), obj=session, location=location)
