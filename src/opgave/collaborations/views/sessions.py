"""Sessions: open, write independently, reveal, draft the shared formulation, consent."""

from __future__ import annotations

from typing import cast

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
from opgave.collaborations.models import SessionStatus
from opgave.collaborations.views.common import actor, collaboration_crumb, crumbs, page, report
from opgave.collaborations.views.heatmap import similarity_heatmap
from opgave.core.exceptions import Invalid, ServiceError
from opgave.core.models import Person


def _eligible(item: object) -> object:
    orgs = permissions.participant_org_ids(item)  # type: ignore[arg-type]
    return (
        Person.objects.filter(memberships__organisation__in=orgs, is_active=True)
        .distinct()
        .order_by("first_name")
    )


@login_required
@page
def create(request: HttpRequest, uuid: str) -> HttpResponse:
    item = selectors.collaboration_for_session(request.user, uuid)
    form = SessionForm(
        request.POST or None, people=_eligible(item), initial={"participants": [request.user.pk]}
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


@login_required
@page
def session(request: HttpRequest, uuid: str) -> HttpResponse:
    found = selectors.session(request.user, uuid)
    item = found.collaboration
    me = cast(Person, request.user)
    participant = permissions.is_session_participant(me, found)
    own = selectors.visible_answers(me, found).filter(author=me).first() if participant else None
    answer_form = AnswerForm(
        initial={"formulation": own.formulation, "parties": "\n".join(own.parties)} if own else None
    )
    proposal = found.proposal or {}
    proposal_form = ProposalForm(
        initial={
            "revision": found.revision,
            "opgave": proposal.get("opgave", ""),
            "bedoeling": proposal.get("bedoeling", ""),
        }
    )
    known = selectors.known_party_names(me, item)
    party_formset = ProposalPartyFormSet(
        prefix="partij",
        initial=[
            {"name": name, "same_as": name if name in known else ""} for name in proposal.get("parties", [])
        ],
        form_kwargs={"known": known},
    )
    consent_form = ConsentForm(initial={"revision": found.revision})
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "answer":
                answer_form = AnswerForm(request.POST)
                if answer_form.is_valid():
                    services.submit_answer(
                        found,
                        formulation=answer_form.cleaned_data["formulation"],
                        parties=answer_form.party_list(),
                        actor=actor(request),
                    )
                    messages.success(
                        request, "Je antwoord is bewaard. Alleen jij ziet het, tot de onthulling."
                    )
                    return redirect("collaborations:session", found.uuid)
            elif action == "reveal":
                services.reveal(found, actor=actor(request))
                messages.success(request, "De antwoorden zijn onthuld.")
                return redirect("collaborations:session", found.uuid)
            elif action == "proposal":
                proposal_form = ProposalForm(request.POST)
                party_formset = ProposalPartyFormSet(
                    request.POST, prefix="partij", form_kwargs={"known": known}
                )
                if proposal_form.is_valid() and party_formset.is_valid():
                    data = proposal_form.cleaned_data
                    services.update_proposal(
                        found,
                        expected_revision=data["revision"],
                        opgave=data["opgave"],
                        bedoeling=data["bedoeling"],
                        parties=proposal_parties(party_formset),
                        actor=actor(request),
                    )
                    messages.success(
                        request, "De gedeelde formulering is bijgewerkt; eerdere instemming is vervallen."
                    )
                    return redirect("collaborations:session", found.uuid)
            elif action == "consent":
                consent_form = ConsentForm(request.POST)
                if consent_form.is_valid():
                    data = consent_form.cleaned_data
                    services.consent(
                        found,
                        decision=data["decision"],
                        reason=data["reason"],
                        expected_revision=data["revision"],
                        actor=actor(request),
                    )
                    messages.success(request, "Je besluit is vastgelegd.")
                    return redirect("collaborations:session", found.uuid)
        except ServiceError as exc:
            report(
                request,
                exc,
                {"answer": answer_form, "proposal": proposal_form, "consent": consent_form}.get(action),
            )
    found.refresh_from_db()
    answers = list(selectors.visible_answers(me, found))
    divergence = found.divergence or {}
    similarity = {(p["a"], p["b"]): p["similarity"] for p in divergence.get("pairs", [])}
    people = list(divergence.get("participants", []))
    matrix = [
        [name, *[("—" if a == name else _fmt(similarity.get((min(a, name), max(a, name))))) for a in people]]
        for name in people
    ]
    all_consents = list(found.consents.select_related("participant").order_by("at"))
    consents = {c.participant_id: c for c in all_consents if c.proposal_revision == found.revision}
    earlier = [c for c in all_consents if c.proposal_revision != found.revision]
    version = found.versions.first()
    return render(
        request,
        "collaborations/session.html",
        {
            "session": found,
            "item": item,
            "participant": participant,
            "facilitator": permissions.can_reveal(me, found),
            "answers": answers,
            "answered": selectors.answered_count(found),
            "total": found.participants.count(),
            "own": own,
            "answer_form": answer_form,
            "proposal_form": proposal_form,
            "party_formset": party_formset,
            "consent_form": consent_form,
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
            "consents": [(p, consents.get(p.pk)) for p in found.participants.order_by("first_name")],
            "my_consent": consents.get(me.pk),
            "earlier_consents": earlier,
            "open": found.status == SessionStatus.OPEN,
            "revealed": found.status == SessionStatus.REVEALED,
            "agreed": found.status == SessionStatus.AGREED,
            "version": version,
            "crumbs": crumbs(
                collaboration_crumb(item), (found.title, reverse("collaborations:session", args=[found.uuid]))
            ),
        },
    )


def _fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",")
