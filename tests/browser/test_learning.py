"""Pillar 4 in a real browser: search the academy, submit and approve a small twinning proposal,
and explore the network view by keyboard — each page passing axe-core."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from opgave.collaborations.models import Collaboration
from opgave.core.actors import Actor
from opgave.learning import services

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
SYSTEM = Actor.system(origin="test")


def _collaboration(name: str, opgave: str, owner: Any) -> Collaboration:
    item = Collaboration.objects.create(name=name, opgave=opgave)
    item.owners.set([owner])
    item.region.set([owner])
    return item


def test_search_the_academy_with_dutch_word_forms_and_facets(
    page: Any, login: Any, assert_accessible: Any, browser_people: Any
) -> None:
    mine = _collaboration("Schulden Utrecht", "Schulden voorkomen.", browser_people.utrecht)
    other = _collaboration("Elders", "Iets anders.", browser_people.bzk)
    services.record_lesson(
        actor=SYSTEM, collaboration=mine, title="Elk huishouden één regisseur", order=1, visibility="public"
    )
    services.record_lesson(
        actor=SYSTEM,
        collaboration=mine,
        title="Een huishouden met schulden heeft een budget nodig",
        order=2,
        instrument="financieel",
        visibility="platform",
    )
    services.record_lesson(
        actor=SYSTEM, collaboration=other, title="Geheim huishouden", visibility="collaboration"
    )

    page.goto("/leren/academie/")
    assert_accessible(page)
    page.get_by_label("Zoek in de lessen").fill("huishoudens")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", level=2, name=re.compile("1 les gevonden"))).to_be_visible()

    login(page, "bram", browser_people.password)
    page.goto("/leren/academie/?q=huishoudens")
    expect(page.get_by_role("heading", level=2, name=re.compile("2 lessen gevonden"))).to_be_visible()
    expect(page.get_by_role("link", name="Geheim huishouden")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Tweede orde")).click()
    expect(page.get_by_role("heading", level=2, name=re.compile("1 les gevonden"))).to_be_visible()
    page.get_by_role("link", name="Een huishouden met schulden heeft een budget nodig").click()
    expect(page.locator("h1")).to_have_text("Een huishouden met schulden heeft een budget nodig")
    assert_accessible(page)


def test_submit_and_approve_a_small_twinning_proposal(
    page: Any, new_page: Any, login: Any, assert_accessible: Any, browser_people: Any
) -> None:
    twinning = services.start_twinning(
        actor=SYSTEM,
        name="Utrecht en BZK leren van elkaar",
        partner_a=browser_people.utrecht,
        partner_b=browser_people.bzk,
        started_on=dt.date(2025, 1, 1),
        planned_end_on=dt.date(2027, 1, 1),
        goals="Sneller beslissen",
    )
    login(page, "bram", browser_people.password)
    page.goto(f"/leren/twinning/{twinning.uuid}/")
    assert_accessible(page)
    page.get_by_text("Voorstel indienen", exact=True).first.click()
    page.get_by_label("Titel van het voorstel").fill("Een dag meelopen")
    page.get_by_label("Wat stel je voor, en waarom?").fill(
        "Twee medewerkers lopen een dag mee bij de partner."
    )
    page.get_by_role("button", name="Voorstel indienen").click()
    expect(page.get_by_text("Je voorstel is ingediend.")).to_be_visible()
    expect(page.locator(".learning-proposal__status")).to_have_text("Ingediend")
    expect(page.get_by_role("button", name=re.compile("Goedkeuren"))).to_have_count(0)  # not on one's own

    reviewer = new_page()
    login(reviewer, "anna", browser_people.password)
    reviewer.goto(f"/leren/twinning/{twinning.uuid}/")
    assert_accessible(reviewer)
    reviewer.get_by_label(re.compile("Toelichting bij het besluit")).fill("Goed idee, doen.")
    reviewer.get_by_role("button", name=re.compile("Goedkeuren")).click()
    expect(reviewer.get_by_text("Het voorstel is goedgekeurd.")).to_be_visible()
    expect(reviewer.locator(".learning-proposal__status")).to_have_text("Goedgekeurd")
    assert_accessible(reviewer)


def test_explore_the_network_view_by_keyboard(
    page: Any, login: Any, assert_accessible: Any, browser_people: Any
) -> None:
    first = _collaboration("Schulden Utrecht", "Schulden voorkomen.", browser_people.utrecht)
    _collaboration("Wonen Utrecht", "Woningen bouwen.", browser_people.utrecht)
    _collaboration("Alleen BZK", "Digitale overheid.", browser_people.bzk)
    login(page, "anna", browser_people.password)
    page.goto("/leren/landschap/netwerk/")
    expect(page.locator("#network canvas").first).to_be_attached()
    assert_accessible(page)
    for _ in range(40):  # Tab through the page until the map has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "network":
            break
    assert page.evaluate("document.activeElement.id") == "network"
    status = page.locator("#network-focus")
    expect(status).to_have_text(re.compile("Organisatie Gemeente Utrecht: verbindt 2 samenwerkingen"))
    page.keyboard.press("ArrowDown")
    expect(status).to_have_text(re.compile("Samenwerking (Schulden|Wonen) Utrecht"))
    page.keyboard.press("End")
    expect(status).not_to_have_text(re.compile("Gemeente Utrecht"))
    page.keyboard.press("Home")
    page.keyboard.press("ArrowDown")
    while "Schulden Utrecht" not in status.inner_text():
        page.keyboard.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(first.name)
    page.goto("/leren/landschap/netwerk/")
    table = page.get_by_role("region", name="Samenwerkingen")
    expect(table.get_by_role("row", name=re.compile("Alleen BZK .* ja"))).to_be_visible()


def test_every_other_leren_page_passes_axe(
    page: Any, login: Any, assert_accessible: Any, browser_people: Any
) -> None:
    mine = _collaboration("Schulden Utrecht", "Huishoudens met schulden helpen.", browser_people.utrecht)
    _collaboration("Schuldhulp Den Haag", "Huishoudens met schulden vroeg helpen.", browser_people.bzk)
    lesson = services.record_lesson(actor=SYSTEM, collaboration=mine, title="Bel eerst", visibility="public")
    circle = services.create_circle(
        actor=Actor.for_person(browser_people.anna), name="Kring", purpose="Leren"
    )
    services.link_lesson(actor=SYSTEM, circle=circle, lesson=lesson)
    services.add_meeting(
        actor=SYSTEM, circle=circle, title="Start", held_on=dt.date(2026, 1, 1), agenda="Kennismaken"
    )
    thread = services.start_thread(
        actor=Actor.for_person(browser_people.anna), circle=circle, title="Vraag", body="Wie?"
    )
    services.request_membership(actor=Actor.for_person(browser_people.bram), circle=circle)
    twinning = services.start_twinning(
        actor=SYSTEM,
        name="Utrecht en BZK",
        partner_a=browser_people.utrecht,
        partner_b=browser_people.bzk,
        started_on=dt.date(2025, 1, 1),
        planned_end_on=dt.date(2027, 1, 1),
        goals="Leren",
    )
    services.add_friction(actor=SYSTEM, twinning=twinning, kind="btw", title="Btw")
    services.save_profile(
        actor=SYSTEM,
        organisation=browser_people.utrecht,
        core_processes=["vergunningen verlenen"],
        strengths=["snelheid"],
        weaknesses=[],
    )
    page.goto(f"/leren/twinning/{twinning.uuid}/resultaten/")
    assert_accessible(page)
    login(page, "anna", browser_people.password)
    for url in (
        "/leren/",
        "/leren/kenniskringen/",
        f"/leren/kenniskringen/{circle.uuid}/",
        f"/leren/discussies/{thread.uuid}/",
        "/leren/twinning/",
        f"/leren/twinning/{twinning.uuid}/",
        "/leren/twinning/partners/",
        "/leren/landschap/",
        f"/leren/landschap/{mine.uuid}/",
        f"/leren/samenwerkingen/{mine.uuid}/vergelijkbaar/",
        f"/leren/samenwerkingen/{mine.uuid}/les/",
        f"/leren/lessen/{lesson.uuid}/",
    ):
        page.goto(url)
        assert_accessible(page)
