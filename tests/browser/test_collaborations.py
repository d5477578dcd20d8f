"""Pillar 1 in a real browser: create a collaboration, walk the five steps, run a session with three
participants to reveal and consent, compare two versions and see the idling plot — each page passing axe."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect
from tests.collaborations.worker import run_enqueued_tasks
from tests.core.factories import MembershipFactory, PersonFactory, act

from opgave.collaborations import services
from opgave.collaborations.models import Collaboration
from opgave.core.models import Membership

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def carla(browser_people: Any) -> Any:
    person = PersonFactory(
        username="carla", email="carla@example.org", first_name="Carla", last_name="Bakker"
    )
    MembershipFactory(person=person, organisation=browser_people.utrecht, role=Membership.Role.MEMBER)
    return person


@pytest.fixture
def other_page(browser: Any, live_server_url: str) -> Iterator[Any]:
    """A second, independent browser (its own cookies) for another participant."""
    contexts: list[Any] = []

    def make() -> Any:
        context = browser.new_context(
            base_url=live_server_url, locale="nl-NL", viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def save_and_next(page: Any, step: int) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=f"Opslaan en naar stap {step + 1}").click()
    expect(page.locator("h1")).to_contain_text(f"Stap {step + 1}")


def test_create_a_collaboration_and_walk_the_five_steps(
    page: Any, login: Any, assert_accessible: Any, browser_people: Any
) -> None:
    login(page, "anna", browser_people.password)
    page.goto("/samenwerkingen/")
    assert_accessible(page)
    page.get_by_role("link", name="Nieuwe samenwerking").click()
    assert_accessible(page)
    page.get_by_label("Naam", exact=True).fill("Laaggeletterdheid Utrecht")
    page.get_by_label("Opgave in één of twee zinnen").fill("Meer inwoners kunnen goed lezen en schrijven.")
    page.get_by_role("group", name="Eigenaar(s)").get_by_label("Gemeente Utrecht").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Samenwerking starten").click()

    expect(page.locator("h1")).to_have_text("Stap 1: Wat is het probleem volgens ons?")
    assert_accessible(page)
    page.get_by_label("Wat is het probleem volgens ons?").fill(
        "Laaggeletterdheid blijft onzichtbaar voor loketten."
    )
    page.get_by_label("Welke publieke waarde staat op het spel (de bedoeling)?").fill("Iedereen kan meedoen.")
    page.locator("[name='formulations-0-organisation_name']").fill("Bibliotheek")
    page.locator("[name='formulations-0-important']").fill("Bereik in de wijk")
    save_and_next(page, 1)

    assert_accessible(page)
    page.locator("[name='parties-0-organisation']").select_option(label="Gemeente Utrecht")
    page.locator("[name='parties-0-role']").select_option("regisseur")
    page.locator("[name='candidates-0-name']").fill("Taalhuis")
    save_and_next(page, 2)

    assert_accessible(page)
    for key in ("n1", "n2", "n3"):
        page.locator(f"[name='q_{key}'][value='5']").check()
    page.get_by_label("Leidend ontwerpprincipe").select_option("netwerkende_samenwerking")
    save_and_next(page, 3)
    page.get_by_role("link", name="3. Welk ontwerpprincipe?").click()
    expect(page.get_by_text("Voorstel op grond van de vragenlijst")).to_be_visible()
    expect(page.get_by_role("heading", name="Blinde vlekken")).to_be_visible()
    page.get_by_role("link", name="4. Hoe organiseren we het?").click()

    assert_accessible(page)
    page.get_by_label("Organisatievorm").fill("Netwerk met een taalcoördinator")
    page.locator("[name='accountability']").select_option("stewardship")
    save_and_next(page, 4)

    assert_accessible(page)
    page.locator("[name='relations-0-name']").fill("Tel mee met Taal")
    page.locator("[name='relations-0-stance']").select_option("samenwerken")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("button", name="Versie vaststellen").click()
    expect(page.locator("h1")).to_have_text("Versies van het ontwerp")
    expect(page.get_by_role("link", name="Versie 1")).to_be_visible()
    assert_accessible(page)
    item = Collaboration.objects.get(name="Laaggeletterdheid Utrecht")
    assert item.versions.get().data["step5"]["relations"][0]["name"] == "Tel mee met Taal"


def answer(page: Any, text: str, parties: str) -> None:
    page.get_by_label("Wat is volgens jou de opgave?").fill(text)
    page.get_by_label("Welke partijen moeten erbij zijn?").fill(parties)
    with page.expect_navigation():
        page.get_by_role("button", name="Antwoord bewaren").click()


def consent(page: Any) -> None:
    page.get_by_label("Akkoord met deze formulering").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Besluit vastleggen").click()


def test_session_with_three_participants_then_diff_and_idling_plot(
    page: Any, other_page: Any, login: Any, assert_accessible: Any, browser_people: Any, carla: Any
) -> None:
    anna, bram = browser_people.anna, browser_people.bram
    item = services.create_collaboration(
        name="Schulden Utrecht",
        opgave="Problematische schulden voorkomen.",
        owners=[browser_people.utrecht],
        actor=act(anna),
    )
    item = services.save_draft(
        item,
        expected_revision=item.revision,
        step=1,
        data={"opgave": "Schulden aanpakken", "bedoeling": "Minder armoede"},
        actor=act(anna),
    )
    services.agree_version(item, expected_revision=item.revision, actor=act(anna))

    login(page, "anna", browser_people.password)
    page.goto(f"/samenwerkingen/{item.uuid}/")
    page.get_by_role("link", name="Sessie openen").click()
    assert_accessible(page)
    page.get_by_label("Titel").fill("Botsproef")
    group = page.get_by_role("group", name="Deelnemers")
    for name in ("Bram Jansen", "Carla Bakker"):
        group.get_by_label(name).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Sessie openen").click()
    session_url = page.url
    answer(page, "Huisuitzettingen door huurschulden voorkomen.", "Woningcorporatie\nCJIB")
    expect(page.get_by_text("1 van de 3 deelnemers")).to_be_visible()
    assert_accessible(page)

    bram_page = other_page()
    login(bram_page, "bram", browser_people.password)
    bram_page.goto(session_url)
    expect(bram_page.get_by_text("Huisuitzettingen")).to_have_count(0)  # unrevealed: not visible to others
    answer(bram_page, "Overheidsincasso stapelt boetes op.", "CJIB\nBelastingdienst")
    carla_page = other_page()
    login(carla_page, "carla", browser_people.password)
    carla_page.goto(session_url)
    answer(carla_page, "Jongeren leren niet met geld omgaan.", "CJIB")
    expect(carla_page.get_by_text("Overheidsincasso")).to_have_count(0)

    page.reload()
    expect(page.get_by_text("3 van de 3 deelnemers")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Antwoorden onthullen").click()
    expect(page.get_by_role("heading", name="Hoe ver liggen de formuleringen uiteen?")).to_be_visible()
    expect(page.get_by_text("Overheidsincasso stapelt boetes op.")).to_be_visible()
    # the meaning is measured in the background: the page says so and updates itself once done
    expect(page.get_by_role("status").filter(has_text="Bezig met berekenen")).to_be_visible()
    assert_accessible(page)
    assert "opgave.collaborations.tasks.measure_divergence" in run_enqueued_tasks()
    expect(page.get_by_text(re.compile(r"Divergentie: \d+"))).to_be_visible(timeout=20_000)
    expect(page.get_by_text("Bezig met berekenen")).to_have_count(0)
    expect(page.get_by_role("img", name="Gelijkenis per paar deelnemers")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Gedeelde opgave").fill("Samen schulden voorkomen: vroeg signaleren en niet stapelen.")
    with page.expect_navigation():
        page.get_by_role("button", name="Formulering opslaan").click()
    for participant_page in (page, bram_page, carla_page):
        participant_page.goto(session_url)
        consent(participant_page)
    expect(carla_page.get_by_text("Iedereen stemde in")).to_be_visible()
    assert_accessible(carla_page)

    page.goto(f"/samenwerkingen/{item.uuid}/versies/")
    with page.expect_navigation():
        page.get_by_role("button", name="Vergelijken").click()
    expect(page.locator("h1")).to_have_text("Versie 1 en versie 2 vergeleken")
    step1 = page.get_by_role("region", name="Stap 1 · Opgave")
    expect(step1).to_contain_text("Opgave")
    expect(step1).to_contain_text("Samen schulden voorkomen")
    assert_accessible(page)

    page.get_by_role("link", name="Diagnose").click()
    plot = page.get_by_role("img", name="Stationair-index per maand, het afgelopen jaar")
    expect(plot).to_be_visible()
    page.get_by_text("Dezelfde gegevens als tabel").click()
    expect(page.get_by_role("table", name=re.compile("Stationair-index per maand"))).to_be_visible()
    assert_accessible(page)
    assert bram.pk and carla.pk


def test_registers_pulse_programme_and_version_pages_pass_axe(
    page: Any, login: Any, assert_accessible: Any, browser_people: Any
) -> None:
    anna = browser_people.anna
    programme = services.create_programme(
        name="IBP", description="Samen", owners=[browser_people.utrecht], actor=act(anna)
    )
    services.add_theme(programme, name="Schulden", actor=act(anna))
    item = services.create_collaboration(
        name="Schulden Utrecht",
        opgave="Schulden voorkomen.",
        owners=[browser_people.utrecht],
        programme=programme,
        actor=act(anna),
    )
    services.agree_version(item, expected_revision=item.revision, actor=act(anna))
    login(page, "anna", browser_people.password)

    page.goto(f"/samenwerkingen/{item.uuid}/registers/")
    page.get_by_text("Spanning vastleggen").first.click()
    page.get_by_label("Spanning", exact=True).fill("Rijk wil uniforme cijfers")
    with page.expect_navigation():
        page.get_by_role("button", name="Spanning vastleggen").click()
    expect(page.get_by_text("Rijk wil uniforme cijfers", exact=True)).to_be_visible()
    assert_accessible(page)

    page.goto(f"/samenwerkingen/{item.uuid}/puls/")
    assert_accessible(page)
    for group in page.locator("main fieldset").all():
        group.get_by_label("4", exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Antwoorden bewaren").click()
    expect(page.get_by_role("table", name="Gezondheidspuls per kwartaal")).to_contain_text("4,00")

    page.goto(f"/samenwerkingen/programmas/{programme.uuid}/")
    expect(page.get_by_role("table")).to_contain_text("Schulden Utrecht")
    assert_accessible(page)
    page.goto(f"/samenwerkingen/{item.uuid}/versies/1/")
    assert_accessible(page)
