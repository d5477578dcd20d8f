"""Pages: the list of my notifications (mark read, mark all read) and how I get them by e-mail."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from opgave.core.actors import Actor
from opgave.notifications import selectors, services
from opgave.notifications.kinds import label
from opgave.notifications.models import EmailMode


class PreferenceForm(forms.Form):
    email_mode = forms.ChoiceField(
        label="E-mail bij meldingen", choices=EmailMode.choices, widget=forms.RadioSelect
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    actor = Actor.of_request(request)
    form = PreferenceForm(initial={"email_mode": selectors.preference(request.user).email_mode})  # type: ignore[arg-type]
    if request.method == "POST":
        form = PreferenceForm(request.POST)
        if form.is_valid():
            try:
                services.set_email_mode(actor=actor, email_mode=form.cleaned_data["email_mode"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Je keuze voor e-mail is bewaard.")
                return redirect("notifications:index")
    page = Paginator(selectors.notifications(actor), 30).get_page(request.GET.get("pagina"))
    return render(
        request,
        "notifications/index.html",
        {
            "page": page,
            "items": [(n, label(n.kind)) for n in page.object_list],
            "unread": selectors.unread_count(actor),
            "form": form,
            "crumbs": [("Start", reverse("home")), ("Meldingen", "")],
        },
    )


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification read; with ``naar`` (a path on this site) go on to what it is about."""
    actor = Actor.of_request(request)
    services.mark_read(actor=actor, notifications=[request.POST.get("melding", "")][:1])
    target = request.POST.get("naar", "")
    if (
        target
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
        and target.startswith("/")
    ):
        return redirect(target)
    messages.success(request, "De melding is als gelezen gemarkeerd.")
    return redirect("notifications:index")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(actor=Actor.of_request(request))
    messages.success(
        request, "Alle meldingen zijn gelezen." if count else "Er waren geen ongelezen meldingen."
    )
    return redirect("notifications:index")
