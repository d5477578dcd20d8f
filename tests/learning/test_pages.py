"""The Leren pages through the Django test client: they answer, they refuse what they should,
and their forms go through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from opgave.core.actors import Actor
from opgave.learning import services
from opgave.learning.models import TwinningProposal

from .conftest import World, act, make_org, make_person


def _client(person: object | None = None) -> Client:
    client = Client()
    if person is not None:
        client.force_login(person)
    return client


@pytest.mark.django_db
def test_every_leren_page_answers_for_a_signed_in_outsider(world: World) -> None:
    lesson = services.record_lesson(
        actor=act(world.anna), collaboration=world.schulden, title="Schuld", visibility="platform"
    )
    circle = services.create_circle(actor=act(world.anna), name="Kring", purpose="Leren")
    client = _client(world.otto)
    pages = [
        "/leren/",
        "/leren/academie/?q=schulden&order=1",
        f"/leren/lessen/{lesson.uuid}/",
        "/leren/kenniskringen/",
        f"/leren/kenniskringen/{circle.uuid}/",
        "/leren/twinning/",
        "/leren/twinning/partners/",
        "/leren/landschap/",
        "/leren/landschap/netwerk/",
        f"/leren/landschap/{world.schulden.uuid}/",
        f"/leren/samenwerkingen/{world.schulden.uuid}/vergelijkbaar/",
        "/leren/landschap/export.csv",
        "/leren/landschap/export.json",
        "/leren/landschap/dcat.jsonld",
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page
    assert client.get(f"/leren/samenwerkingen/{world.schulden.uuid}/les/").status_code == 403


@pytest.mark.django_db
def test_anonymous_visitors_see_the_public_academy_and_are_sent_to_log_in_elsewhere(world: World) -> None:
    services.record_lesson(
        actor=act(world.anna), collaboration=world.schulden, title="Openbare schuld", visibility="public"
    )
    services.record_lesson(
        actor=act(world.anna), collaboration=world.schulden, title="Platformschuld", visibility="platform"
    )
    page = _client().get("/leren/academie/?q=schuld").content.decode()
    assert "Openbare schuld" in page and "Platformschuld" not in page
    assert _client().get("/leren/landschap/").status_code == 302


@pytest.mark.django_db
def test_recording_a_lesson_through_the_form(world: World) -> None:
    reply = _client(world.anna).post(
        f"/leren/samenwerkingen/{world.schulden.uuid}/les/",
        {
            "title": "Bel eerst",
            "description": "",
            "order": "2",
            "instrument": "juridisch",
            "step": "",
            "perspective": "",
            "tags": "bellen, contact",
            "visibility": "platform",
        },
    )
    assert reply.status_code == 302
    assert world.schulden.lessons.get().tags == ["bellen", "contact"]


@pytest.mark.django_db
def test_submitting_and_approving_a_proposal_through_the_pages(db: object) -> None:
    ind, svb = make_org("IND"), make_org("SVB")
    ilse, sven = make_person("ilse", ind, admin=True), make_person("sven", svb)
    twinning = services.start_twinning(
        actor=Actor.system(),
        name="IND en SVB",
        partner_a=ind,
        partner_b=svb,
        started_on=dt.date(2025, 1, 1),
        planned_end_on=dt.date(2027, 1, 1),
        goals="Leren",
    )
    url = f"/leren/twinning/{twinning.uuid}/"
    reply = _client(sven).post(
        url, {"form": "proposal", "proposal-title": "Meelopen", "proposal-description": "Een dag"}
    )
    assert reply.status_code == 302
    proposal = TwinningProposal.objects.get()
    reply = _client(ilse).post(
        url,
        {
            "form": "approve",
            "proposal": str(proposal.uuid),
            "revision": "1",
            f"d-{proposal.uuid}-note": "Prima",
        },
    )
    assert reply.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "goedgekeurd" and proposal.review_note == "Prima"


@pytest.mark.django_db
def test_the_public_results_page_needs_no_login(db: object) -> None:
    ind, svb = make_org("IND"), make_org("SVB")
    twinning = services.start_twinning(
        actor=Actor.system(),
        name="IND en SVB",
        partner_a=ind,
        partner_b=svb,
        started_on=dt.date(2005, 6, 1),
        planned_end_on=dt.date(2008, 6, 1),
        goals="Tijdiger beslissen",
    )
    page = _client().get(f"/leren/twinning/{twinning.uuid}/resultaten/")
    assert page.status_code == 200 and "Tijdiger beslissen" in page.content.decode()


@pytest.mark.django_db
def test_the_academy_page_says_when_there_are_more_lessons_than_it_counts(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opgave.learning import search as academy_search

    monkeypatch.setattr(academy_search, "COUNT_CAP", 2)
    for i in range(3):
        services.record_lesson(
            actor=act(world.anna), collaboration=world.schulden, title=f"Schuld {i}", visibility="platform"
        )
    page = _client(world.otto).get("/leren/academie/?q=schuld").content.decode()
    assert "Meer dan 2 lessen" in page
    assert "De aantallen gelden voor de 2 nieuwste treffers" in page
    exact = _client(world.otto).get("/leren/academie/?q=schuld&order=2").content.decode()
    assert "0 lessen" in exact and "Meer dan" not in exact
