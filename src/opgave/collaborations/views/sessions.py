"""Sessions: open, write independently, reveal, draft the shared formulation, consent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from opgave.collaborations import permissions, selectors, services
from opgave.collaborations.forms.basics import (
    AnswerForm,
    ConsentForm,
    ProposalForm,
    ProposalPartyFormSet,
    SessionForm,
    proposal_parties,
)
from opgave.collaborations.models import Session, SessionStatus
from opgave.collaborations.views.common import actor, collaboration_crumb, crumbs, page, report
from opgave.collaborations.views.heatmap import similarity_heatmap
from opgave.core.exceptions import Invalid, ServiceError
from opgave.core.models import Person


@login_required
@page
def create(request: HttpRequest, uuid: str) -> HttpResponse:
    item = selectors.collaboration_for_session(request.user, uuid)
    form = SessionForm(
        request.POST or None,
        people=selectors.eligible_participants(item),
        initial={"participants": [request.user.pk]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.open_session(
                item,
                title=data["title"],
                kind=data["kind"],
                steps=data["steps"],
                participants=list(data["participants"]),
                closes_at=data.get("closes_at"),
                actor=actor(request),
            )
        except ServiceError as exc:
            report(request, exc, form)
        else:
            messages.success(request, "De sessie is geopend. Deelnemers kunnen nu apart hun antwoord geven.")
            return redirect("collaborations:session", session.uuid)
    return render(
        request,
        "collaborations/form.html",
        {
            "form": form,
            "title": "Sessie openen",
            "submit": "Sessie openen",
            "intro": "Je wordt zelf facilitator. Iedere deelnemer schrijft eerst apart op wat het probleem is en wie "
            "erbij moet; pas als jij de antwoorden onthult, zien de deelnemers elkaars antwoorden.",
            "crumbs": crumbs(collaboration_crumb(item), ("Sessie openen", "")),
        },
    )


@login_required
@require_POST
@page
def review(request: HttpRequest, uuid: str) -> HttpResponse:
    """One click from the dashboard: a re-explication session."""
    item = selectors.collaboration(request.user, uuid)
    try:
        session = services.start_review_session(item, actor=actor(request))
    except Invalid as exc:
        report(request, exc)
        return redirect("collaborations:members", item.uuid)  # where a second participant is invited
    except ServiceError as exc:
        report(request, exc)
        return redirect("collaborations:index")
    messages.success(request, "De herijkingssessie is geopend.")
    return redirect("collaborations:session", session.uuid)


@dataclass
class _Forms:
    """The session page's four forms; an action binds the one it handles."""

    answer: Any
    proposal: Any
    parties: Any
    consent: Any
    known: list[str]


def _unbound(me: Person, found: Session, own: Any) -> _Forms:
    proposal = found.proposal or {}
    known = selectors.known_party_names(me, found.collaboration)
    return _Forms(
        answer=AnswerForm(
            initial={"formulation": own.formulation, "parties": "\n".join(own.parties)} if own else None
        ),
        proposal=ProposalForm(
            initial={
                "revision": found.revision,
                "opgave": proposal.get("opgave", ""),
                "bedoeling": proposal.get("bedoeling", ""),
            }
        ),
        parties=ProposalPartyFormSet(
            prefix="partij",
            initial=[
                {"name": name, "same_as": name if name in known else ""}
                for name in proposal.get("parties", [])
            ],
            form_kwargs={"known": known},
        ),
        consent=ConsentForm(initial={"revision": found.revision}),
        known=known,
    )


def _answer(request: HttpRequest, found: Session, forms: _Forms) -> str | None:
    forms.answer = AnswerForm(request.POST)
    if not forms.answer.is_valid():
        return None
    services.submit_answer(
        found,
        formulation=forms.answer.cleaned_data["formulation"],
        parties=forms.answer.party_list(),
        actor=actor(request),
    )
    return "Je antwoord is bewaard. Alleen jij ziet het, tot de onthulling."


def _reveal(request: HttpRequest, found: Session, forms: _Forms) -> str | None:
    services.reveal(found, actor=actor(request))
    return "De antwoorden zijn onthuld."


def _proposal(request: HttpRequest, found: Session, forms: _Forms) -> str | None:
    forms.proposal = ProposalForm(request.POST)
    forms.parties = ProposalPartyFormSet(request.POST, prefix="partij", form_kwargs={"known": forms.known})
    if not (forms.proposal.is_valid() and forms.parties.is_valid()):
        return None
    data = forms.proposal.cleaned_data
    services.update_proposal(
        found,
        expected_revision=data["revision"],
        opgave=data["opgave"],
        bedoeling=data["bedoeling"],
        parties=proposal_parties(forms.parties),
        actor=actor(request),
    )
    return "De gedeelde formulering is bijgewerkt; eerdere instemming is vervallen."


def _consent(request: HttpRequest, found: Session, forms: _Forms) -> str | None:
    forms.consent = ConsentForm(request.POST)
    if not forms.consent.is_valid():
        return None
    data = forms.consent.cleaned_data
    services.consent(
        found,
        decision=data["decision"],
        reason=data["reason"],
        expected_revision=data["revision"],
        actor=actor(request),
    )
    return "Je besluit is vastgelegd."


# The POST actions of the session page: each parses its form, calls one service and returns the
# success message (``None``: the form has errors and the page is shown again).
ACTIONS: dict[str, Callable[[HttpRequest, Session, _Forms], str | None]] = {
    "answer": _answer,
    "reveal": _reveal,
    "proposal": _proposal,
    "consent": _consent,
}


@login_required
@page
def session(request: HttpRequest, uuid: str) -> HttpResponse:
    found = selectors.session(request.user, uuid)
    me = cast(Person, request.user)
    own = selectors.own_answer(me, found)
    forms = _unbound(me, found, own)
    handle = ACTIONS.get(request.POST.get("action", "")) if request.method == "POST" else None
    if handle is not None:
        try:
            done = handle(request, found, forms)
        except ServiceError as exc:
            form = {"answer": forms.answer, "proposal": forms.proposal, "consent": forms.consent}
            report(request, exc, form.get(request.POST.get("action", "")))
        else:
            if done is not None:
                messages.success(request, done)
                return redirect("collaborations:session", found.uuid)
    found.refresh_from_db()
    return render(request, "collaborations/session.html", _context(me, found, own, forms))


def _context(me: Person, found: Session, own: Any, forms: _Forms) -> dict[str, Any]:
    item = found.collaboration
    divergence = found.divergence or {}
    similarity = {(p["a"], p["b"]): p["similarity"] for p in divergence.get("pairs", [])}
    people = list(divergence.get("participants", []))
    matrix = [
        [name, *[("—" if a == name else _fmt(similarity.get((min(a, name), max(a, name))))) for a in people]]
        for name in people
    ]
    all_consents = selectors.consents_of(found)
    consents = {c.participant_id: c for c in all_consents if c.proposal_revision == found.revision}
    participants = selectors.session_participants(found)
    return {
        "session": found,
        "item": item,
        "participant": permissions.is_session_participant(me, found),
        "facilitator": permissions.can_reveal(me, found),
        "answers": list(selectors.visible_answers(me, found)),
        "answered": selectors.answered_count(found),
        "total": len(participants),
        "own": own,
        "answer_form": forms.answer,
        "proposal_form": forms.proposal,
        "party_formset": forms.parties,
        "consent_form": forms.consent,
        "divergence": divergence,
        "matrix": matrix,
        "heatmap": similarity_heatmap(divergence),
        "unanswered": selectors.unanswered(me, found) if found.status == SessionStatus.OPEN else [],
        "closed": services.is_closed(found),
        "threads": selectors.discussion(me, item, f"proposal:{found.uuid}")
        if permissions.can_view_private(me, item)
        else None,
        "topic": f"proposal:{found.uuid}",
        "matrix_columns": ["", *people],
        "consents": [(p, consents.get(p.pk)) for p in participants],
        "my_consent": consents.get(me.pk),
        "earlier_consents": [c for c in all_consents if c.proposal_revision != found.revision],
        "open": found.status == SessionStatus.OPEN,
        "revealed": found.status == SessionStatus.REVEALED,
        "agreed": found.status == SessionStatus.AGREED,
        "version": selectors.session_version(found),
        "crumbs": crumbs(
            collaboration_crumb(item), (found.title, reverse("collaborations:session", args=[found.uuid]))
        ),
    }


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",")
