"""List, create, detail, edit; version history and the field-by-field diff."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from opgave.collaborations import document, permissions, readable, selectors, services
from opgave.collaborations.design import STEPS, parse_design
from opgave.collaborations.forms.basics import CollaborationEditForm, CollaborationForm
from opgave.collaborations.views.common import (
    actor,
    collaboration_crumb,
    crumbs,
    page,
    posted_revision,
    report,
)
from opgave.collaborations.views.quadrant import quadrant
from opgave.core.exceptions import NotFound, ServiceError
from opgave.core.models import Person


@login_required
@page
def index(request: HttpRequest) -> HttpResponse:
    """All collaborations (public fields), mine first, and the reviews that are due."""
    query = request.GET.get("q", "").strip()[:200]
    items = list(selectors.collaborations(request.user, query=query))
    private = selectors.private_ids(request.user)
    mine = [c for c in items if c.id in private]
    others = [c for c in items if c.id not in private]
    return render(
        request,
        "collaborations/index.html",
        {
            "query": query,
            "mine": mine,
            "others": others,
            "can_create": permissions.can_create(request.user),
            "crumbs": crumbs(),
        },
    )


@login_required
@page
def create(request: HttpRequest) -> HttpResponse:
    form = CollaborationForm(request.POST or None, person=cast(Person, request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.create_collaboration(
                name=data["name"],
                opgave=data["opgave"],
                owners=list(data["owners"]),
                region=list(data["region"]),
                is_national=data["is_national"],
                status=data["status"],
                national_relation=data["national_relation"],
                review_interval_days=data["review_interval_days"],
                programme=data["programme"],
                actor=actor(request),
            )
        except ServiceError as exc:
            report(request, exc, form)
        else:
            messages.success(request, f"Samenwerking '{item.name}' is gestart. Loop nu de vijf stappen door.")
            return redirect("collaborations:step", item.uuid, 1)
    return render(
        request,
        "collaborations/form.html",
        {
            "form": form,
            "title": "Nieuwe samenwerking",
            "submit": "Samenwerking starten",
            "crumbs": crumbs(("Nieuwe samenwerking", "")),
        },
    )


@login_required
@page
def detail(request: HttpRequest, uuid: str) -> HttpResponse:
    item = selectors.collaboration(request.user, uuid)
    private = permissions.can_view_private(request.user, item)
    context = {
        "item": item,
        "private": private,
        "crumbs": crumbs((item.name, "")),
        "can_manage": permissions.can_manage(request.user, item),
        "can_open_session": permissions.can_open_session(request.user, item),
    }
    if private:
        result = selectors.diagnostics(request.user, item)
        latest = selectors.latest_version(request.user, item)
        agreed = parse_design(latest.data if latest else None)
        context.update(
            {
                "design": agreed,
                "q": quadrant(agreed),
                "pending": parse_design(item.draft).to_json() != agreed.to_json(),
                "diagnostics": result,
                "steps": result.steps,
                "latest": latest,
                "sessions": selectors.sessions(request.user, item)[:5],
            }
        )
    return render(request, "collaborations/detail.html", context)


@login_required
@page
def edit(request: HttpRequest, uuid: str) -> HttpResponse:
    item = selectors.collaboration_to_manage(request.user, uuid)
    initial = {
        "revision": item.revision,
        "name": item.name,
        "opgave": item.opgave,
        "status": item.status,
        "national_relation": item.national_relation,
        "review_interval_days": item.review_interval_days,
        "programme": item.programme_id,
        "theme": item.theme_id,
        "share_diagnostics_with_programme": item.share_diagnostics_with_programme,
    }
    form = CollaborationEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        revision = data.pop("revision")
        try:
            services.update_collaboration(item, expected_revision=revision, **data, actor=actor(request))
        except ServiceError as exc:
            report(request, exc, form)
        else:
            messages.success(request, "De gegevens zijn opgeslagen.")
            return redirect("collaborations:detail", item.uuid)
    return render(
        request,
        "collaborations/form.html",
        {
            "form": form,
            "title": f"Gegevens van {item.name} wijzigen",
            "submit": "Opslaan",
            "crumbs": crumbs(collaboration_crumb(item), ("Gegevens wijzigen", "")),
        },
    )


@login_required
@require_POST
@page
def agree(request: HttpRequest, uuid: str) -> HttpResponse:
    """Fix the draft as a new version (*vaststellen*)."""
    item = selectors.collaboration(request.user, uuid)
    try:
        version = services.agree_version(
            item,
            expected_revision=posted_revision(request),
            note=request.POST.get("note", "")[:4000],
            actor=actor(request),
        )
    except ServiceError as exc:
        report(request, exc)
        return redirect("collaborations:step", item.uuid, 5)
    messages.success(request, f"Versie {version.number} is vastgesteld.")
    return redirect("collaborations:versions", item.uuid)


@login_required
@page
def versions(request: HttpRequest, uuid: str) -> HttpResponse:
    item = selectors.collaboration(request.user, uuid)
    rows = list(selectors.versions(request.user, item))
    return render(
        request,
        "collaborations/versions.html",
        {
            "item": item,
            "versions": rows,
            "crumbs": crumbs(collaboration_crumb(item), ("Versies", "")),
        },
    )


@login_required
@page
def version(request: HttpRequest, uuid: str, number: int) -> HttpResponse:
    item = selectors.collaboration(request.user, uuid)
    found = selectors.version(request.user, item, number)
    design = parse_design(found.data)
    return render(
        request,
        "collaborations/version.html",
        {
            "item": item,
            "version": found,
            "design": design,
            "q": quadrant(design),
            "steps": STEPS,
            "crumbs": crumbs(
                collaboration_crumb(item),
                ("Versies", reverse("collaborations:versions", args=[item.uuid])),
                (f"Versie {number}", ""),
            ),
        },
    )


@login_required
@page
def version_pdf(request: HttpRequest, uuid: str, number: int) -> HttpResponse:
    """The version as a PDF for a steering group (opens in the browser; saved under a clear name)."""
    item = selectors.collaboration(request.user, uuid)
    found = selectors.version(request.user, item, number)
    content = document.version_pdf(item, found, quadrant=quadrant(parse_design(found.data)))
    response = HttpResponse(content, content_type="application/pdf")
    name = slugify(item.name) or "samenwerking"
    response["Content-Disposition"] = f'inline; filename="{name}-versie-{number}.pdf"'
    return response


@login_required
@page
def compare(request: HttpRequest, uuid: str) -> HttpResponse:
    item = selectors.collaboration(request.user, uuid)
    try:
        old_n, new_n = int(request.GET.get("oud", "")), int(request.GET.get("nieuw", ""))
    except ValueError:
        raise NotFound("Kies twee versies om te vergelijken.") from None
    old = selectors.version(request.user, item, old_n)
    new = selectors.version(request.user, item, new_n)
    steps = readable.compare(old.data, new.data)
    return render(
        request,
        "collaborations/compare.html",
        {
            "item": item,
            "old": old,
            "new": new,
            "steps": steps,
            "count": sum(len(step.changes) for step in steps),
            "crumbs": crumbs(
                collaboration_crumb(item),
                ("Versies", reverse("collaborations:versions", args=[item.uuid])),
                (f"Versie {old_n} en {new_n} vergeleken", ""),
            ),
        },
    )
