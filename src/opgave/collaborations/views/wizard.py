"""The five-step wizard: one page per step, saved with the revision the person read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from opgave.collaborations import questionnaire, selectors, services
from opgave.collaborations.design import PRINCIPLE_LABELS, STEPS, Principle
from opgave.collaborations.diagnostics import blind_spots
from opgave.collaborations.forms import steps as step_forms
from opgave.collaborations.views.common import actor, collaboration_crumb, crumbs, page, report
from opgave.collaborations.views.quadrant import quadrant
from opgave.core.exceptions import NotFound, ServiceError


@login_required
@page
def step(request: HttpRequest, uuid: str, number: int) -> HttpResponse:
    item = selectors.collaboration(request.user, uuid)
    if number not in STEPS:
        raise NotFound("Er zijn vijf stappen.")
    design = selectors.design(request.user, item)
    revision = item.revision
    people = step_forms.contact_candidates(design, selectors.owner_ids(item))
    if request.method == "POST":
        forms_ = step_forms.build(number, design, request.POST, people=people)
        try:
            revision = int(request.POST.get("revision", ""))
        except ValueError:
            revision = -1
        if forms_.is_valid():
            try:
                services.save_draft(
                    item,
                    expected_revision=revision,
                    step=number,
                    data=step_forms.to_design_step(forms_, design),
                    actor=actor(request),
                )
            except ServiceError as exc:
                report(request, exc, forms_.main)
            else:
                messages.success(request, f"Stap {number} is opgeslagen.")
                if "next" in request.POST and number < 5:
                    return redirect("collaborations:step", item.uuid, number + 1)
                return redirect("collaborations:step", item.uuid, number)
        else:
            messages.error(request, "Niet alle velden zijn goed ingevuld; bekijk de gemarkeerde velden.")
    else:
        forms_ = step_forms.build(number, design, people=people)
    context = {
        "item": item,
        "number": number,
        "title": STEPS[number],
        "steps": STEPS,
        "forms": forms_,
        "revision": revision,
        "crumbs": crumbs(collaboration_crumb(item), (f"Stap {number}", "")),
    }
    if number == 3:
        scores = questionnaire.score(design.step3.answers) if design.step3.answers else None
        context["scores"] = [(PRINCIPLE_LABELS[p], scores.scores[p]) for p in Principle] if scores else []
        context["proposed"] = PRINCIPLE_LABELS.get(design.step3.proposed_principle or "", "")
        context["blind_spots"] = blind_spots(design, selectors.goal_count(item))
        context["q"] = quadrant(design)
    context["topic"] = f"step:{number}"
    context["threads"] = selectors.discussion(request.user, item, f"step:{number}")
    return render(request, "collaborations/step.html", context)
