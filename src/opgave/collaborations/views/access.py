"""Who comes in: the participants page (invite, decide on requests), asking to join, answering an invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from opgave.collaborations import permissions, selectors
from opgave.collaborations.forms.access import AcceptForm, DecisionForm, InvitationForm, JoinRequestForm
from opgave.collaborations.models import Invitation, RequestStatus
from opgave.collaborations.services import access
from opgave.collaborations.views.common import actor, collaboration_crumb, crumbs, page, report
from opgave.core.exceptions import ServiceError


@login_required
@page
def members(request: HttpRequest, uuid: str) -> HttpResponse:
    item = selectors.collaboration(request.user, uuid)
    selectors.require_private(request.user, item)
    manager = permissions.can_manage(request.user, item)
    form = InvitationForm(request.POST or None, people=selectors.invitable_people(request.user, item))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            access.invite(
                item,
                actor=actor(request),
                person=data.get("person"),
                organisation=data.get("organisation"),
                email=data.get("email") or "",
                message=data.get("message") or "",
            )
        except ServiceError as exc:
            report(request, exc, form)
        else:
            messages.success(request, "De uitnodiging is verstuurd.")
            return redirect("collaborations:members", item.uuid)
    return render(
        request,
        "collaborations/members.html",
        {
            "item": item,
            "manager": manager,
            "participations": selectors.participants_of(request.user, item),
            "requests": selectors.join_requests(request.user, item),
            "invitations": selectors.invitations(request.user, item)[:30],
            "form": form,
            "decision_form": DecisionForm(),
            "crumbs": crumbs(collaboration_crumb(item), ("Deelnemers", "")),
        },
    )


@login_required
@require_POST
@page
def decide(request: HttpRequest, uuid: str, request_uuid: str) -> HttpResponse:
    item = selectors.collaboration(request.user, uuid)
    found = selectors.join_request(request.user, item, request_uuid)
    form = DecisionForm(request.POST)
    form.is_valid()
    accept = request.POST.get("besluit") == "accepteren"
    try:
        access.decide_join_request(
            found, actor=actor(request), accept=accept, reason=form.cleaned_data.get("reason", "")
        )
    except ServiceError as exc:
        report(request, exc)
    else:
        messages.success(request, "Het verzoek is geaccepteerd." if accept else "Het verzoek is afgewezen.")
    return redirect("collaborations:members", item.uuid)


@login_required
@require_POST
@page
def revoke(request: HttpRequest, uuid: str, invitation_uuid: str) -> HttpResponse:
    """Withdraw a pending invitation (its link stops working)."""
    item = selectors.collaboration(request.user, uuid)
    try:
        access.revoke_invitation(
            selectors.managed_invitation(request.user, item, invitation_uuid), actor=actor(request)
        )
    except ServiceError as exc:
        report(request, exc)
    else:
        messages.success(request, "De uitnodiging is ingetrokken.")
    return redirect("collaborations:members", item.uuid)


@login_required
@page
def join(request: HttpRequest, uuid: str) -> HttpResponse:
    """Ask to take part (for anyone who sees the public page but not the private parts)."""
    item = selectors.collaboration(request.user, uuid)
    if permissions.can_view_private(request.user, item):
        return redirect("collaborations:detail", item.uuid)
    form = JoinRequestForm(request.POST or None, organisations=selectors.own_organisations(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            access.request_to_join(
                item,
                actor=actor(request),
                organisation=form.cleaned_data["organisation"],
                motivation=form.cleaned_data["motivation"],
            )
        except ServiceError as exc:
            report(request, exc, form)
        else:
            messages.success(
                request, "Je verzoek is verstuurd. Je krijgt een melding zodra de facilitator besluit."
            )
            return redirect("collaborations:join", item.uuid)
    return render(
        request,
        "collaborations/join.html",
        {
            "item": item,
            "form": form,
            "mine": selectors.my_join_request(request.user, item),
            "pending": RequestStatus.PENDING,
            "crumbs": crumbs(collaboration_crumb(item), ("Vragen om deelname", "")),
        },
    )


def _answer(request: HttpRequest, found: Invitation, token: str = "") -> HttpResponse:
    form = AcceptForm(request.POST or None, organisations=selectors.own_organisations(request.user))
    if request.method == "POST":
        accept = request.POST.get("besluit") == "aannemen"
        if not accept or found.organisation_id is not None or form.is_valid():
            try:
                access.answer_invitation(
                    found,
                    actor=actor(request),
                    accept=accept,
                    organisation=form.cleaned_data.get("organisation")
                    if form.is_bound and form.is_valid()
                    else None,
                    token=token,
                )
            except ServiceError as exc:
                report(request, exc, form)
            else:
                if accept:
                    messages.success(request, f"Welkom: je doet nu mee aan '{found.collaboration.name}'.")
                    return redirect("collaborations:detail", found.collaboration.uuid)
                messages.success(request, "Je hebt de uitnodiging afgeslagen.")
                return redirect("home")
    return render(
        request,
        "collaborations/invitation.html",
        {
            "invitation": found,
            "item": found.collaboration,
            "form": form,
            "needs_organisation": found.organisation_id is None,
            "open": found.status == RequestStatus.PENDING,
            "crumbs": crumbs(("Uitnodiging", "")),
        },
    )


@login_required
@page
def invitation(request: HttpRequest, uuid: str) -> HttpResponse:
    return _answer(request, selectors.invitation(request.user, uuid))


@login_required
@page
def invitation_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link from an e-mail invitation: the random token is the only thing in the address."""
    return _answer(request, access.invitation_by_token(token), token=token)
