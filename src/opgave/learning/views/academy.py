"""The Leren landing page, the academy (search with facets), lessons, and "lessons like yours"."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from opgave.collaborations import selectors as collaboration_selectors
from opgave.core import exceptions as errors
from opgave.learning import permissions, selectors, services
from opgave.learning.forms import LessonForm, SearchForm
from opgave.learning.views.common import actor, crumbs, page, report

FACET_TITLES = {
    "order": "Orde",
    "perspective": "Bestuursperspectief",
    "step": "Ontwerpstap",
    "theme": "Thema",
    "region": "Regio",
}


def index(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    signed_in = permissions.is_known(who)
    context: dict[str, Any] = {"signed_in": signed_in, "crumbs": crumbs()}
    context["crumbs"][-1] = ("Leren", "")
    figures = selectors.overview(who)
    context["lesson_count"] = figures.lessons
    if signed_in:
        context["circle_count"] = figures.circles
        context["twinning_count"] = figures.twinnings
        context["registry_count"] = figures.collaborations
    return render(request, "learning/index.html", context)


def _int(raw: str | None, allowed: range) -> int | None:
    return int(raw) if raw and raw.isdigit() and int(raw) in allowed else None


def _filters(request: HttpRequest) -> selectors.SearchFilters:
    get = request.GET
    return selectors.SearchFilters(
        query=get.get("q", "")[:200],
        order=_int(get.get("order"), range(1, 4)),
        perspective=get.get("perspective", "")[:40],
        step=_int(get.get("step"), range(1, 6)),
        theme=get.get("theme", "")[:120],
        region=get.get("region", "")[:40],
    )


def _link(filters: selectors.SearchFilters, key: str, value: str | None) -> str:
    params = {
        "q": filters.query,
        "order": filters.order or "",
        "perspective": filters.perspective,
        "step": filters.step or "",
        "theme": filters.theme,
        "region": filters.region,
    }
    params[key] = value or ""
    return "?" + urlencode({k: v for k, v in params.items() if v})


def _number(n: int) -> str:
    """A count written the Dutch way: 1.000."""
    return f"{n:,}".replace(",", ".")


def academy(request: HttpRequest) -> HttpResponse:
    """Search the lessons; anonymous visitors see the public ones."""
    who = actor(request)
    filters = _filters(request)
    result = selectors.search(who, filters)
    paginator = Paginator(result.lessons, 20)
    page_obj = paginator.get_page(request.GET.get("pagina"))
    facets = []
    for key, values in result.facets.items():
        selected = next((v for v in values if v.selected), None)
        facets.append(
            {
                "key": key,
                "title": FACET_TITLES[key],
                "values": [
                    {**vars(v), "url": _link(filters, key, None if v.selected else v.value)} for v in values
                ],
                "clear": _link(filters, key, None) if selected else "",
            }
        )
    return render(
        request,
        "learning/academy.html",
        {
            "form": SearchForm(initial={"q": filters.query}),
            "filters": filters,
            "result": result,
            "page_obj": page_obj,
            "facets": facets,
            "signed_in": permissions.is_known(who),
            "page_query": _link(filters, "pagina", None).lstrip("?"),
            "total_label": _number(result.total),
            "cap_label": _number(result.cap),
            "crumbs": crumbs(("Academie", "")),
        },
    )


@page
def lesson(request: HttpRequest, uuid: str) -> HttpResponse:
    who = actor(request)
    item = selectors.lesson(who, uuid)
    return render(
        request,
        "learning/lesson.html",
        {
            "lesson": item,
            "step_label": selectors.STEP_LABELS.get(item.step or 0, ""),
            "can_edit": permissions.can_edit_lesson(who, item),
            "crumbs": crumbs(("Academie", reverse("learning:academy")), (item.title, "")),
        },
    )


@login_required
@page
def record_lesson(request: HttpRequest, uuid: str) -> HttpResponse:
    """Record a lesson of a collaboration (its participants and facilitators)."""
    who = actor(request)
    collaboration = collaboration_selectors.collaboration(request.user, uuid)
    if not permissions.can_record_lesson(who, collaboration):
        raise errors.PermissionDenied("Alleen deelnemers van de samenwerking leggen er lessen van vast.")
    form = LessonForm(request.POST or None, initial={"visibility": "collaboration", "order": 1})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.record_lesson(actor=who, collaboration=collaboration, **form.cleaned_data)
        except errors.ServiceError as exc:
            report(request, exc, form)
        else:
            messages.success(request, "De les is vastgelegd.")
            return redirect("learning:lesson", created.uuid)
    return render(
        request,
        "learning/lesson_form.html",
        {
            "form": form,
            "collaboration": collaboration,
            "crumbs": crumbs(
                ("Academie", reverse("learning:academy")), (f"Les van {collaboration.name}", "")
            ),
        },
    )


@login_required
@page
def like_yours(request: HttpRequest, uuid: str) -> HttpResponse:
    who = actor(request)
    entry, found = selectors.lessons_like_yours(who, uuid)
    return render(
        request,
        "learning/like_yours.html",
        {
            "entry": entry,
            "found": found,
            "crumbs": crumbs(
                ("Landschap", reverse("learning:registry")),
                (entry.collaboration.name, reverse("learning:entry", args=[entry.collaboration.uuid])),
                ("Lessen van vergelijkbare samenwerkingen", ""),
            ),
        },
    )
