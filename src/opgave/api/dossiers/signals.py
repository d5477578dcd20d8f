"""Signals without content, matches between organisations, and the subject's access request."""

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Query, Router

from opgave.api.dossiers.common import READ, WRITE, actor
from opgave.api.dossiers.schemas import MatchOut, SignalIn, SignalOut, SubjectExportIn, SubjectExportOut
from opgave.api.idempotency import idempotent
from opgave.api.pagination import PageParams, page_of, paginate
from opgave.api.responses import created, json_response
from opgave.dossiers import exports, selectors, services

router = Router(tags=["Signalen"])


class _Versioned:
    """Signals are not edited; their ETag is fixed."""

    def __init__(self, uid: uuid.UUID) -> None:
        self.uuid = uid
        self.revision = 1


@router.get(
    "/signals",
    response=page_of(SignalOut),
    auth=READ,
    url_name="signal-list",
    summary="Signalen van mijn organisatie",
)
def list_signals(request: HttpRequest, response: HttpResponse, page: Query[PageParams]) -> dict[str, Any]:
    now = timezone.now()
    return paginate(
        request,
        selectors.my_signals(actor(request)),
        page,
        ordering=("-registered_at",),
        serialize=lambda s: SignalOut.build(s, now),
        response=response,
    )


@router.post(
    "/signals",
    response={201: SignalOut},
    auth=WRITE,
    url_name="signal-create",
    summary="Signaal afgeven (zonder inhoud; BSN in de body, alleen het pseudoniem blijft)",
)
@idempotent(redact=("bsn",))
def create_signal(request: HttpRequest, payload: SignalIn) -> HttpResponse:
    signal = services.register_signal(actor=actor(request), bsn=payload.bsn, purpose=payload.purpose)
    return created(
        SignalOut.build(signal, timezone.now()),
        obj=_Versioned(signal.uuid),
        location=reverse("api-v1:signal-list"),
    )


@router.post(
    "/signals/{signal_id}/withdraw",
    response=SignalOut,
    auth=WRITE,
    url_name="signal-withdraw",
    summary="Signaal intrekken",
)
@idempotent()
def withdraw(request: HttpRequest, signal_id: uuid.UUID) -> HttpResponse:
    who = actor(request)
    signal = services.withdraw_signal(actor=who, signal=selectors.signal(who, signal_id))
    return json_response(SignalOut.build(signal, timezone.now()))


@router.get(
    "/signal-matches",
    response=list[MatchOut],
    auth=READ,
    url_name="signal-matches",
    summary="Matches: welke andere organisatie ook een signaal gaf, en haar contactpersoon",
)
def list_matches(request: HttpRequest) -> list[MatchOut]:
    return [MatchOut.build(m) for m in selectors.matches(actor(request))]


@router.post(
    "/subject-exports",
    response=SubjectExportOut,
    auth=READ,
    url_name="subject-export",
    summary="Inzageverzoek (AVG art. 15): alles wat over een betrokkene is vastgelegd en wie het verwerkte",
)
def subject_export(request: HttpRequest, payload: SubjectExportIn) -> SubjectExportOut:
    return SubjectExportOut(**exports.subject_export(actor=actor(request), bsn=payload.bsn))
