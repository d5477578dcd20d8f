"""The landscape: the registry of collaborations, overlaps, the network view, and the exports."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from opgave.learning import export, permissions, selectors
from opgave.learning.views.common import actor, crumbs, page


def _crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return crumbs(("Landschap", reverse("learning:registry")), *trail)


def _choices(entries: list[selectors.Entry]) -> tuple[list[str], list[str]]:
    themes = sorted({e.collaboration.theme.name for e in entries if e.collaboration.theme})
    regions = sorted({o.name for e in entries for o in e.region})
    return themes, regions


@login_required
@page
def registry(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    theme, region, query = (request.GET.get(k, "")[:200] for k in ("thema", "regio", "q"))
    everything = selectors.registry(who)
    themes, regions = _choices(everything)
    entries = selectors.registry(who, theme=theme, region=region, query=query)
    return render(
        request,
        "learning/registry.html",
        {
            "entries": entries,
            "themes": themes,
            "regions": regions,
            "theme": theme,
            "region": region,
            "query": query,
            "overlaps": selectors.stored_overlaps(who)[:10],
            "crumbs": crumbs(("Landschap", "")),
        },
    )


@login_required
@page
def entry(request: HttpRequest, uuid: str) -> HttpResponse:
    who = actor(request)
    target, overlaps = selectors.overlaps_for(who, uuid)
    return render(
        request,
        "learning/entry.html",
        {
            "entry": target,
            "overlaps": overlaps,
            "can_record": permissions.can_record_lesson(who, target.collaboration),
            "crumbs": _crumbs((target.collaboration.name, "")),
        },
    )


def _graph(request: HttpRequest) -> dict[str, Any]:
    who = actor(request)
    data = selectors.network(
        who, theme=request.GET.get("thema", "")[:200], region=request.GET.get("regio", "")[:200]
    )
    for node in data["nodes"]:
        if node["kind"] == "collaboration":
            node["url"] = reverse("learning:entry", args=[node.pop("uuid")])
    return data


@login_required
@page
def network(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    themes, regions = _choices(selectors.registry(who))
    data = _graph(request)
    nodes = data["nodes"]
    return render(
        request,
        "learning/network.html",
        {
            "graph": data,
            "organisations": sorted(
                (n for n in nodes if n["kind"] == "organisation"),
                key=lambda n: (-n["connections"], n["label"]),
            ),
            "collaborations": [n for n in nodes if n["kind"] == "collaboration"],
            "themes": themes,
            "regions": regions,
            "theme": request.GET.get("thema", ""),
            "region": request.GET.get("regio", ""),
            "crumbs": _crumbs(("Netwerk", "")),
        },
    )


@login_required
@page
def export_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        export.to_csv(selectors.registry(actor(request))), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="register-samenwerkingen.csv"'
    return response


@login_required
@page
def export_json(request: HttpRequest) -> HttpResponse:
    response = JsonResponse({"samenwerkingen": export.rows(selectors.registry(actor(request)))})
    response["Content-Disposition"] = 'attachment; filename="register-samenwerkingen.json"'
    return response


@login_required
@page
def dcat(request: HttpRequest) -> HttpResponse:
    entries = selectors.registry(actor(request))
    base = f"{request.scheme}://{request.get_host()}"
    body = export.dcat(base, len(entries), timezone.now().date().isoformat())
    return JsonResponse(body, content_type="application/ld+json")
