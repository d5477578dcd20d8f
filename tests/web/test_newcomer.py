"""A newcomer's first minutes (issue #9, section 8): the login page says what the platform is,
links help, privacy and the accessibility statement (which exist without logging in), and lists
the demo accounts with organisation and role under one heading."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from opgave.core import demo_loader


@pytest.mark.parametrize(
    ("name", "heading"),
    [("help", "Uitleg"), ("privacy", "Privacyverklaring"), ("accessibility", "Toegankelijkheidsverklaring")],
)
def test_the_information_pages_are_public(db: None, client: Client, name: str, heading: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert f'<h1 class="utrecht-heading-1">{heading}</h1>' in response.content.decode()


def test_the_login_page_says_what_this_is_and_links_the_statements(db: None, client: Client) -> None:
    html = client.get("/inloggen/").content.decode()
    assert (
        "is het platform waarop overheden en hun partners samen een maatschappelijke opgave aanpakken" in html
    )
    for name in ("help", "privacy", "accessibility"):
        assert f'href="{reverse(name)}"' in html


def test_the_demo_accounts_show_organisation_and_role_under_one_heading(
    db: None, client: Client, settings: Any
) -> None:
    settings.DEMO_MODE = True
    demo_loader.load()
    html = client.get("/inloggen/").content.decode()
    assert html.count("Demo-accounts") == 1
    assert "Programmamanager schulden en armoede, Gemeente Arnhem (beheerder)" in html
    assert "Adviseur klimaatadaptatie, Waterschap Rijn en IJssel (lid)" in html


def test_the_browser_finds_a_favicon(db: None, client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code in {301, 302} and response["Location"].endswith("web/favicon.svg")
