"""Told, invited, able to ask (issue 9 §4) in a real browser, each page passing axe: a notification
reaches a participant, an invitation is accepted, a join request is accepted, a session reaches its
closing date."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from tests.core.factories import MembershipFactory, OrganisationFactory, PersonFactory, act

from opgave.collaborations import services, tasks
from opgave.collaborations.models import Session
from opgave.core.models import Membership, OrganisationKind

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def otto(browser_people: Any) -> Any:
    """The water board's climate adviser: not (yet) in the collaboration."""
    board = OrganisationFactory(name="Waterschap Rijn en IJssel", kind=OrganisationKind.WATERSCHAP)
    person = PersonFactory(username="otto", email="otto@example.org", first_name="Otto", last_name="Kramer")
    MembershipFactory(person=person, organisation=board, role=Membership.Role.MEMBER)
    return person


@pytest.fixture
def climate(browser_people: Any) -> Any:
    return services.create_collaboration(
        name="Klimaatbestendig Utrecht",
        opgave="Wateroverlast en hitte samen voorkomen.",
        owners=[browser_people.utrecht],
        actor=act(browser_people.anna),
    )


def test_a_notification_reaches_a_participant(
    page: Any, login: Any, assert_accessible: Any, browser_people: Any, climate: Any
) -> None:
    session = services.open_session(
        climate,
        title="Wat is het probleem?",
        participants=[browser_people.anna, browser_people.bram],
        actor=act(browser_people.anna),
    )
    login(page, "bram", browser_people.password)
    page.goto("/")
    bell = page.get_by_role("link", name=re.compile(r"Meldingen\s*1 ongelezen"))
    expect(bell).to_be_visible()
    expect(page.get_by_role("heading", name="Wacht op jou")).to_be_visible()
    assert_accessible(page)
    bell.click()
    expect(page.locator("h1")).to_have_text("Meldingen")
    expect(
        page.get_by_role("heading", name="Sessie 'Wat is het probleem?' wacht op je antwoord")
    ).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Bekijken")).click()
    assert page.url.endswith(f"/samenwerkingen/sessies/{session.uuid}/")
    expect(page.get_by_role("link", name=re.compile(r"^Meldingen$"))).to_be_visible()  # none unread
    assert_accessible(page)


def test_an_invitation_is_accepted(
    page: Any, new_page: Any, login: Any, assert_accessible: Any, browser_people: Any, climate: Any, otto: Any
) -> None:
    login(page, "anna", browser_people.password)
    page.goto(f"/samenwerkingen/{climate.uuid}/deelnemers/")
    assert_accessible(page)
    page.get_by_label("Een persoon op het platform").select_option(label="Otto Kramer")
    page.get_by_label("Bericht (niet verplicht)").fill("Jullie kennis van het watersysteem is nodig.")
    with page.expect_navigation():
        page.get_by_role("button", name="Uitnodigen").click()
    expect(page.get_by_text("De uitnodiging is verstuurd.")).to_be_visible()
    guest = new_page()
    login(guest, "otto", browser_people.password)
    guest.goto("/meldingen/")
    with guest.expect_navigation():
        guest.get_by_role("button", name=re.compile("Bekijken")).click()
    expect(guest.locator("h1")).to_have_text("Uitnodiging voor Klimaatbestendig Utrecht")
    assert_accessible(guest)
    guest.get_by_label("Namens welke organisatie doe je mee?").select_option(
        label="Waterschap Rijn en IJssel"
    )
    with guest.expect_navigation():
        guest.get_by_role("button", name="Uitnodiging aannemen").click()
    expect(guest.get_by_text("Welkom: je doet nu mee aan 'Klimaatbestendig Utrecht'.")).to_be_visible()
    guest.goto(f"/samenwerkingen/{climate.uuid}/diagnose/")
    expect(guest.locator("h1")).to_have_text("Diagnose")
    assert_accessible(guest)


def test_a_join_request_is_accepted(
    page: Any, new_page: Any, login: Any, assert_accessible: Any, browser_people: Any, climate: Any, otto: Any
) -> None:
    login(page, "otto", browser_people.password)
    reply = page.goto(f"/samenwerkingen/{climate.uuid}/diagnose/")
    assert reply is not None and reply.status == 403
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Vraag om deelname").click()
    assert_accessible(page)
    page.get_by_label("Waarom wil je meedoen?").fill("Het waterschap beheert de waterkeringen en het riool.")
    with page.expect_navigation():
        page.get_by_role("button", name="Vraag om deelname").click()
    expect(page.get_by_text("Je verzoek is verstuurd.")).to_be_visible()
    facilitator = new_page()
    login(facilitator, "anna", browser_people.password)
    facilitator.goto("/meldingen/")
    expect(facilitator.get_by_role("heading", name=re.compile("vraagt mee te doen"))).to_be_visible()
    with facilitator.expect_navigation():
        facilitator.get_by_role("button", name=re.compile("Bekijken")).click()
    expect(facilitator.get_by_text("Het waterschap beheert de waterkeringen en het riool.")).to_be_visible()
    assert_accessible(facilitator)
    with facilitator.expect_navigation():
        facilitator.get_by_role("button", name=re.compile("^Accepteren")).click()
    expect(facilitator.get_by_text("Het verzoek is geaccepteerd.")).to_be_visible()
    expect(
        facilitator.get_by_role("listitem").filter(has_text="Waterschap Rijn en IJssel").first
    ).to_be_visible()
    page.goto("/meldingen/")
    expect(page.get_by_role("heading", name="Je doet nu mee aan 'Klimaatbestendig Utrecht'")).to_be_visible()
    page.goto(f"/samenwerkingen/{climate.uuid}/diagnose/")
    expect(page.locator("h1")).to_have_text("Diagnose")
    assert_accessible(page)


def test_a_session_reaches_its_closing_date(
    page: Any, new_page: Any, login: Any, assert_accessible: Any, browser_people: Any, climate: Any
) -> None:
    session = services.open_session(
        climate,
        title="Sluit vandaag",
        participants=[browser_people.anna, browser_people.bram],
        closes_at=timezone.now() + timedelta(hours=2),
        actor=act(browser_people.anna),
    )
    services.submit_answer(
        session, formulation="Te veel verharding in de wijk.", parties=[], actor=act(browser_people.anna)
    )
    assert tasks.session_deadlines.call() == {"reminded": 1, "closed": 0}  # bram has not answered
    participant = new_page()
    login(participant, "bram", browser_people.password)
    participant.goto("/meldingen/")
    expect(
        participant.get_by_role("heading", name=re.compile("Sessie 'Sluit vandaag' sluit op"))
    ).to_be_visible()
    Session.objects.filter(pk=session.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    assert tasks.session_deadlines.call() == {"reminded": 0, "closed": 1}
    participant.goto(f"/samenwerkingen/sessies/{session.uuid}/")
    expect(participant.locator("#sluiting")).to_contain_text("Deze sessie is gesloten")
    expect(participant.get_by_role("button", name="Antwoord bewaren")).to_have_count(0)
    assert_accessible(participant)
    login(page, "anna", browser_people.password)
    page.goto("/meldingen/")
    expect(page.get_by_role("heading", name="Sessie 'Sluit vandaag' is gesloten")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Bekijken")).first.click()
    expect(page.locator("#nog-niet")).to_contain_text("Nog geen antwoord van: Bram")
    expect(page.get_by_text("Je antwoord is bewaard.")).to_be_visible()
    expect(page.get_by_role("button", name="Antwoorden onthullen")).to_be_visible()
    assert_accessible(page)
