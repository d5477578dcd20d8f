"""Twinning pages: the list, one twinning (for the partners), its public results, and partner
suggestions with the organisation profile they are based on."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from opgave.core import exceptions as errors
from opgave.learning import permissions, selectors, services
from opgave.learning.forms import (
    ActivityForm,
    DecisionForm,
    EvaluationForm,
    FrictionForm,
    LessonForm,
    ProfileForm,
    ProposalForm,
)
from opgave.learning.models import ActivityType
from opgave.learning.views.common import actor, crumbs, page, report, revision_of


def _crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Twinning", reverse("learning:twinnings")), *trail)


@login_required
@page
def twinnings(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    return render(
        request,
        "learning/twinnings.html",
        {
            "twinnings": selectors.twinnings(who),
            "mine": {t.pk for t in selectors.twinnings(who) if permissions.is_partner(who, t)},
            "crumbs": crumbs(("Twinning", "")),
        },
    )


def _post(request: HttpRequest, who: Any, item: Any, forms: dict[str, Any]) -> HttpResponse | None:
    which = request.POST.get("form", "")
    bound: Any = None
    try:
        if which in ("approve", "reject"):
            proposal = selectors.proposal(who, request.POST.get("proposal", ""))
            bound = DecisionForm(request.POST, prefix=f"d-{proposal.uuid}")
            if bound.is_valid():
                services.decide_proposal(
                    actor=who,
                    proposal=proposal,
                    approve=which == "approve",
                    note=bound.cleaned_data["note"],
                    expected_revision=revision_of(request),
                )
                messages.success(
                    request,
                    "Het voorstel is goedgekeurd." if which == "approve" else "Het voorstel is afgewezen.",
                )
                return redirect("learning:twinning", item.uuid)
        elif which == "evaluation":
            evaluation = selectors.evaluation(who, item, request.POST.get("evaluation", ""))
            bound = EvaluationForm(request.POST, prefix="evaluation")
            forms["evaluation"] = bound
            if bound.is_valid():
                services.record_evaluation(
                    actor=who,
                    evaluation=evaluation,
                    expected_revision=revision_of(request),
                    **bound.cleaned_data,
                )
                messages.success(request, "De evaluatie is vastgelegd.")
                return redirect("learning:twinning", item.uuid)
        elif which == "close-friction":
            friction = selectors.friction(who, request.POST.get("friction", ""))
            services.update_friction(
                actor=who, friction=friction, expected_revision=revision_of(request), is_open=False
            )
            messages.success(request, "De frictie is als beheerst gemarkeerd.")
            return redirect("learning:twinning", item.uuid)
        elif which in forms:
            bound = type(forms[which])(request.POST, prefix=which)
            forms[which] = bound
            if bound.is_valid():
                data = bound.cleaned_data
                if which == "proposal":
                    services.submit_proposal(actor=who, twinning=item, **data)
                    messages.success(request, "Uw voorstel is ingediend.")
                    return redirect("learning:twinning", item.uuid)
                elif which == "activity":
                    services.add_activity(actor=who, twinning=item, **data)
                elif which == "friction":
                    services.add_friction(actor=who, twinning=item, **data)
                elif which == "lesson":
                    services.record_lesson(actor=who, twinning=item, **data)
                messages.success(request, "Vastgelegd.")
                return redirect("learning:twinning", item.uuid)
    except errors.ServiceError as exc:
        report(request, exc, bound)
    return None


@login_required
@page
def twinning(request: HttpRequest, uuid: str) -> HttpResponse:
    who = actor(request)
    item = selectors.twinning(who, uuid)
    is_partner = permissions.is_partner(who, item)
    forms: dict[str, Any] = {
        "proposal": ProposalForm(prefix="proposal"),
        "activity": ActivityForm(prefix="activity", initial={"kind": ActivityType.BOTSPROEF}),
        "friction": FrictionForm(prefix="friction"),
        "lesson": LessonForm(prefix="lesson", initial={"visibility": "collaboration", "order": 1}),
        "evaluation": EvaluationForm(prefix="evaluation"),
    }
    if request.method == "POST":
        response = _post(request, who, item, forms)
        if response is not None:
            return response
    context: dict[str, Any] = {
        "twinning": item,
        "is_partner": is_partner,
        "can_evaluate": permissions.can_evaluate(who, item),
        "forms": forms,
        "crumbs": _crumbs((item.name, "")),
    }
    if is_partner:
        picture = selectors.twinning_picture(who, item)
        context["picture"] = picture
        context["next_evaluation"] = next((e for e in picture.evaluations if not e.outcome), None)
        context["decidable"] = {
            p.pk
            for p in picture.proposals
            if p.status == "ingediend" and permissions.can_decide_proposal(who, p)
        }
    return render(request, "learning/twinning.html", context)


@page
def results(request: HttpRequest, uuid: str) -> HttpResponse:
    """The public results page (no sign-in needed)."""
    item = selectors.public_twinning(uuid)
    return render(
        request,
        "learning/results.html",
        {
            "twinning": item,
            **selectors.public_results(item),
            "crumbs": _crumbs((item.name, ""), ("Resultaten", "")),
        },
    )


@login_required
@page
def partners(request: HttpRequest) -> HttpResponse:
    """Partner suggestions for one of the user's organisations, and that organisation's profile."""
    who = actor(request)
    mine = list(selectors.my_organisations(who))
    chosen = next((o for o in mine if str(o.uuid) == request.GET.get("organisatie", "")), None)
    chosen = chosen or getattr(request, "organisation", None) or (mine[0] if mine else None)
    if chosen is not None and chosen not in mine:
        chosen = mine[0] if mine else None
    profile = selectors.profile(chosen) if chosen else None
    initial = (
        {k: ", ".join(getattr(profile, k)) for k in ("core_processes", "strengths", "weaknesses")}
        if profile
        else {}
    )
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and chosen is not None and form.is_valid():
        try:
            services.save_profile(actor=who, organisation=chosen, **form.cleaned_data)
        except errors.ServiceError as exc:
            report(request, exc, form)
        else:
            messages.success(request, "Het profiel is opgeslagen.")
            return redirect(f"{reverse('learning:partners')}?organisatie={chosen.uuid}")
    return render(
        request,
        "learning/partners.html",
        {
            "organisations": mine,
            "chosen": chosen,
            "profile": profile,
            "form": form,
            "suggestions": selectors.partner_suggestions(who, chosen) if chosen else [],
            "crumbs": _crumbs(("Partners vinden", "")),
        },
    )
