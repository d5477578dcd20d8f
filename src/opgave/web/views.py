"""Views of the web shell: the start page and the pillar placeholders.

The organisation switcher's endpoint (``organisation-switch``) belongs to the core app.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from opgave.web.navigation import PILLARS, PILLARS_BY_KEY, optional_reverse


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: who you are, for which organisation you act, and the four pillars."""
    memberships = getattr(request, "memberships", [])  # set by ActiveOrganisationMiddleware
    pillars = []
    for pillar in PILLARS:
        url = optional_reverse(pillar.url_name)
        pillars.append((pillar, url or reverse(pillar.placeholder_url_name), url is not None))
    rows = [
        [m.organisation.name, m.organisation.get_kind_display(), m.get_role_display(), m.job_title or "—"]
        for m in memberships
    ]
    return render(
        request,
        "web/home.html",
        {
            "memberships": memberships,
            "pillars": pillars,
            "membership_columns": ["Organisatie", "Soort", "Rol", "Functie"],
            "membership_rows": rows,
        },
    )


@login_required
def pillar_placeholder(request: HttpRequest, pillar: str) -> HttpResponse:
    """ "Nog niet beschikbaar": what a pillar will offer, until its own pages land."""
    try:
        chosen = PILLARS_BY_KEY[pillar]
    except KeyError as exc:
        raise Http404("Deze pijler bestaat niet.") from exc
    crumbs = [("Start", reverse("home")), (chosen.label, request.path)]
    return render(request, "web/placeholder.html", {"pillar": chosen, "crumbs": crumbs})


INFO_PAGES = {
    "help": ("Uitleg", "web/info/help.html"),
    "privacy": ("Privacyverklaring", "web/info/privacy.html"),
    "accessibility": ("Toegankelijkheidsverklaring", "web/info/accessibility.html"),
}


def info_page(request: HttpRequest, page: str) -> HttpResponse:
    """Uitleg, privacy and the accessibility statement: readable without logging in."""
    title, template = INFO_PAGES[page]
    crumbs = [("Start", reverse("home")), (title, request.path)]
    return render(request, template, {"title": title, "crumbs": crumbs})
