"""The shell's pages through Django's test client: navigation, placeholders, error pages, CSP-safe markup."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import NoReverseMatch, reverse
from tests.core.factories import MembershipFactory, OrganisationFactory, PersonFactory

from opgave.web import navigation

PLACEHOLDERS = [
    "dossiers-placeholder",
    "rules-placeholder",
    "learning-placeholder",
    "collaborations-placeholder",
]


@pytest.fixture
def member_client(db: None, client: Client) -> Client:
    person = PersonFactory(username="sanne", first_name="Sanne", last_name="de Vries")
    MembershipFactory(person=person, organisation=OrganisationFactory(name="Gemeente Arnhem"))
    client.force_login(person)
    return client


def test_pages_need_a_login(db: None, client: Client) -> None:
    for url in ["/", *(reverse(name) for name in PLACEHOLDERS)]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/inloggen/"), url


def test_home_shows_the_shell(member_client: Client) -> None:
    response = member_client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nl"' in html
    assert (
        '<a class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#inhoud">Naar de inhoud</a>'
        in html
    )
    assert '<main id="inhoud"' in html
    assert 'aria-label="Hoofdmenu"' in html
    for label in ("Samenwerkingen", "Dossiers", "Regels", "Leren"):
        assert f">{label}</a>" in html
    assert "Gemeente Arnhem" in html
    assert 'action="/uitloggen/"' in html and 'method="post"' in html


@pytest.mark.parametrize("name", PLACEHOLDERS)
def test_placeholder_says_not_yet_available_and_marks_the_current_pillar(
    member_client: Client, name: str
) -> None:
    html = member_client.get(reverse(name)).content.decode()
    assert "Dit onderdeel is nog niet beschikbaar." in html
    assert len(re.findall(r'aria-current="page"', html)) == 2  # the navigation item and the last breadcrumb


def test_no_inline_scripts_or_styles(member_client: Client) -> None:
    # The CSP allows only files from this site: no <script> bodies, no <style>, no style="" attributes.
    html = member_client.get("/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)
    assert not re.search(r"<[^>]*\son[a-z]+=", html), "inline event handler"


def test_navigation_links_to_a_pillar_once_its_url_exists(
    member_client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake_reverse(url_name: str) -> str | None:
        return "/samenwerkingen/" if url_name == "collaborations:index" else None

    # The start page's cards: one "not yet" badge per pillar whose URL does not resolve (here: all
    # but collaborations, as the fake says).
    missing = sum(1 for pillar in navigation.PILLARS if fake_reverse(pillar.url_name) is None)
    monkeypatch.setattr(navigation, "optional_reverse", fake_reverse)
    monkeypatch.setattr("opgave.web.views.optional_reverse", fake_reverse)  # the start page's cards
    html = member_client.get("/").content.decode()
    assert 'href="/samenwerkingen/"' in html
    assert html.count("Nog niet beschikbaar") == missing


def test_optional_reverse_tolerates_missing_names() -> None:
    assert navigation.optional_reverse("bestaat-niet:index") is None
    assert navigation.optional_reverse("home") == "/"
    with pytest.raises(NoReverseMatch):
        reverse("bestaat-niet:index")


def test_not_found_page_is_dutch(member_client: Client) -> None:
    response = member_client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_forbidden_page_is_dutch(member_client: Client) -> None:
    response = member_client.post(reverse("organisation-switch"), {"organisation": "geen-uuid"})
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_server_error_page_renders_without_request_or_database() -> None:
    # No db fixture: any database query here would fail the test.
    html = render_to_string("500.html")
    assert "Er ging iets mis" in html and '<html lang="nl"' in html


def test_home_for_someone_without_a_membership(db: None, client: Client) -> None:
    client.force_login(PersonFactory(username="zonder"))
    html = client.get("/").content.decode()
    assert "Je bent nog geen lid van een organisatie." in html
    assert "geen organisatie" in html
    assert 'id="organisatie-wisselen"' not in html


def test_csrf_failure_page_is_dutch(db: None) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(PersonFactory(username="verlopen"))
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulier verlopen" in html and '<html lang="nl"' in html
