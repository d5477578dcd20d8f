"""The work list, signals and matches, and the subject's access request (inzageverzoek)."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from opgave.dossiers import errors, exports, printing, selectors, services
from opgave.dossiers.forms import BsnForm, SignalForm
from opgave.dossiers.views.common import actor, crumbs, page, report


@login_required
@page
def work_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "dossiers/work_list.html",
        {
            "obligations": list(selectors.work_list(actor(request))),
            "today": timezone.localdate(),
            "crumbs": crumbs(("Werklijst", "")),
        },
    )


@login_required
@page
def signals(request: HttpRequest) -> HttpResponse:
    who = actor(request)
    form = SignalForm(request.POST or None, activities=selectors.claimable_purposes(who))
    if request.method == "POST" and form.is_valid():
        try:
            services.register_signal(
                actor=who, bsn=form.cleaned_data["bsn"], purpose=form.cleaned_data["purpose"]
            )
        except errors.DossierError as exc:
            report(request, exc, form)
        else:
            messages.success(request, "Het signaal is afgegeven.")
            return redirect("dossiers:signals")
    return render(
        request,
        "dossiers/signals.html",
        {
            "form": form,
            "signals": list(selectors.my_signals(who)),
            "matches": selectors.matches(who),
            "now": timezone.now(),
            "crumbs": crumbs(("Signalen", "")),
        },
    )


@login_required
@require_POST
@page
def withdraw(request: HttpRequest, uuid: str) -> HttpResponse:
    who = actor(request)
    try:
        services.withdraw_signal(actor=who, signal=selectors.signal(who, uuid))
    except errors.DossierError as exc:
        report(request, exc)
    else:
        messages.success(request, "Het signaal is ingetrokken.")
    return redirect("dossiers:signals")


@never_cache
@login_required
@page
def subject_export(request: HttpRequest) -> HttpResponse:
    """The access request: the BSN is posted (never in a URL); the answer is a page, a PDF or JSON."""
    form = BsnForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = exports.subject_export(actor=actor(request), bsn=form.cleaned_data["bsn"])
        except errors.Forbidden:
            raise
        except errors.DossierError as exc:
            report(request, exc, form)
        else:
            if request.POST.get("format") == "pdf":
                response = HttpResponse(printing.export_pdf(result), content_type="application/pdf")
                response["Content-Disposition"] = 'attachment; filename="inzageverzoek.pdf"'
                return response
            if request.POST.get("format") == "json":
                response = HttpResponse(
                    json.dumps(result, ensure_ascii=False, indent=2),
                    content_type="application/json; charset=utf-8",
                )
                response["Content-Disposition"] = 'attachment; filename="inzageverzoek.json"'
                return response
    return render(
        request,
        "dossiers/export.html",
        {"form": form, "result": result, "crumbs": crumbs(("Inzageverzoek", ""))},
    )
