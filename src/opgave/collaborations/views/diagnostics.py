"""Diagnostics page, the registers (tensions, goals, lessons, activity) and programmes."""

from __future__ import annotations

import uuid as uuid_module
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from opgave.collaborations import permissions, pulse, selectors, services
from opgave.collaborations.diagnostics import QUADRANT_LABELS
from opgave.collaborations.forms.basics import (
    ActivityForm,
    GoalForm,
    LessonForm,
    MeasurementForm,
    ProgrammeForm,
    PulseForm,
    TensionForm,
    ThemeForm,
)
from opgave.collaborations.views.common import actor, collaboration_crumb, crumbs, page, report
from opgave.collaborations.views.plot import idling_plot
from opgave.core.dates import nl_date
from opgave.core.exceptions import NotFound, ServiceError
from opgave.core.models import Person


def _nl(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",")


@login_required
@page
def diagnostics(request: HttpRequest, uuid: str) -> HttpResponse:
    item = selectors.collaboration(request.user, uuid)
    result = selectors.diagnostics(request.user, item)
    trend = selectors.pulse_trend(request.user, item)
    rows = [[nl_date(p.end), _nl(p.index), p.label, _nl(p.activity), _nl(p.movement)] for p in result.series]
    matrix_rows = [
        [nl_date(m.at), f"{round(m.output * 100)}%", str(m.lessons), m.label] for m in result.matrix_history
    ]
    return render(
        request,
        "collaborations/diagnostics.html",
        {
            "item": item,
            "d": result,
            "plot": idling_plot(result.series),
            "series_rows": rows,
            "series_columns": ["Einde periode", "Stationair-index", "Duiding", "Activiteit", "Beweging"],
            "matrix_rows": matrix_rows,
            "matrix_columns": ["Moment", "Opbrengst", "Lessen", "Kwadrant"],
            "quadrants": QUADRANT_LABELS,
            "pulse_columns": ["Stelling", *[f"t/m {nl_date(p.end)} ({p.responses})" for p in trend]],
            "pulse_rows": [[text, *[_nl(p.means[key]) for p in trend]] for key, text in pulse.ITEMS.items()],
            "index_text": _nl(result.current.index),
            "crumbs": crumbs(collaboration_crumb(item), ("Diagnose", "")),
        },
    )


@login_required
@page
def registers(request: HttpRequest, uuid: str) -> HttpResponse:
    item = selectors.collaboration(request.user, uuid)
    selectors.require_private(request.user, item)
    goals = selectors.goals(request.user, item)
    forms = {
        "tension": TensionForm(prefix="tension"),
        "goal": GoalForm(prefix="goal"),
        "measurement": MeasurementForm(prefix="measurement", goals=goals),
        "lesson": LessonForm(prefix="lesson"),
        "activity": ActivityForm(prefix="activity"),
    }
    if request.method == "POST":
        which = request.POST.get("form", "")
        if which == "handling":
            return _update_handling(request, item)
        if which in forms:
            bound: Any = (
                MeasurementForm(request.POST, prefix=which, goals=goals)
                if which == "measurement"
                else type(forms[which])(request.POST, prefix=which)
            )
            forms[which] = bound
            if bound.is_valid():
                data = bound.cleaned_data
                try:
                    if which == "tension":
                        services.add_tension(item, **data, actor=actor(request))
                    elif which == "goal":
                        services.add_goal(item, **data, actor=actor(request))
                    elif which == "measurement":
                        services.record_measurement(data["goal"], value=data["value"], actor=actor(request))
                    elif which == "lesson":
                        services.add_lesson(item, **data, actor=actor(request))
                    else:
                        services.log_activity(item, **data, actor=actor(request))
                except ServiceError as exc:
                    report(request, exc, bound)
                else:
                    messages.success(request, "Vastgelegd.")
                    return redirect("collaborations:registers", item.uuid)
    return render(
        request,
        "collaborations/registers.html",
        {
            "item": item,
            "forms": forms,
            "tensions": item.tensions.all(),
            "goals": goals,
            "lessons": item.lessons.all()[:20],
            "activities": selectors.activities(request.user, item)[:30],
            "crumbs": crumbs(collaboration_crumb(item), ("Spanningen, doelen en logboek", "")),
        },
    )


def _update_handling(request: HttpRequest, item: Any) -> HttpResponse:
    """Record how a tension is being handled (guarded by the tension's revision)."""
    tension = selectors.tension_in(item, request.POST.get("tension", ""))
    if tension is None:
        raise NotFound("Deze spanning bestaat niet.")
    try:
        revision = int(request.POST.get("revision", ""))
    except ValueError:
        revision = -1
    try:
        services.update_tension(
            tension,
            expected_revision=revision,
            handling=request.POST.get("handling", "")[:4000],
            actor=actor(request),
        )
    except ServiceError as exc:
        report(request, exc)
    else:
        messages.success(request, "De aanpak is bijgewerkt.")
    return redirect("collaborations:registers", item.uuid)


def _is_uuid(value: str | None) -> bool:
    try:
        uuid_module.UUID(str(value))
    except ValueError:
        return False
    return True


@login_required
@page
def programmes(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None, person=cast(Person, request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.create_programme(
                name=data["name"],
                description=data["description"],
                owners=list(data["owners"]),
                actor=actor(request),
            )
        except ServiceError as exc:
            report(request, exc, form)
        else:
            messages.success(request, f"Programma '{created.name}' is aangemaakt.")
            return redirect("collaborations:programme", created.uuid)
    return render(
        request,
        "collaborations/programmes.html",
        {
            "programmes": selectors.programmes(request.user),
            "form": form,
            "crumbs": crumbs(("Programma's", "")),
        },
    )


@login_required
@page
def programme(request: HttpRequest, uuid: str) -> HttpResponse:
    found = selectors.programme(request.user, uuid)
    form = ThemeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_theme(found, **form.cleaned_data, actor=actor(request))
        except ServiceError as exc:
            report(request, exc, form)
        else:
            messages.success(request, "Het thema is toegevoegd.")
            return redirect("collaborations:programme", found.uuid)
    rows = selectors.programme_overview(request.user, found)
    return render(
        request,
        "collaborations/programme.html",
        {
            "programme": found,
            "rows": rows,
            "themes": found.themes.all(),
            "form": form,
            "can_manage": permissions.can_manage_programme(request.user, found),
            "crumbs": crumbs(("Programma's", reverse("collaborations:programmes")), (found.name, "")),
        },
    )


@login_required
@page
def pulse_form(request: HttpRequest, uuid: str) -> HttpResponse:
    item = selectors.collaboration(request.user, uuid)
    selectors.require_private(request.user, item)
    form = PulseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_pulse(item, scores=form.cleaned_data, actor=actor(request))
        except ServiceError as exc:
            report(request, exc, form)
        else:
            messages.success(request, "Dank je wel: je antwoorden op de gezondheidspuls zijn bewaard.")
            return redirect("collaborations:diagnostics", item.uuid)
    return render(
        request,
        "collaborations/pulse.html",
        {"item": item, "form": form, "crumbs": crumbs(collaboration_crumb(item), ("Gezondheidspuls", ""))},
    )
