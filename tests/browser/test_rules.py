"""Pillar 3 in a real browser: upload a model, edit a decision-table cell in dmn-js, publish,
evaluate through "Probeer het uit" and read the citizen's explanation — axe-core on every page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from opgave.core.actors import Actor
from opgave.rules import services
from opgave.rules.models import RuleSet
from opgave.rules.reference import ZORGTOESLAG

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
MODEL = ZORGTOESLAG["versions"][1]["file"]  # zorgtoeslag 2025


def test_upload_edit_in_dmn_js_publish_and_explain(
    page: Any, login: Any, assert_accessible: Any, browser_people: Any
) -> None:
    item: RuleSet = services.create_rule_set(
        actor=Actor.system(),
        owner=browser_people.utrecht,
        title="Zorgtoeslag proef",
        visibility="openbaar",
        law_references=ZORGTOESLAG["law_references"],
    )
    login(page, "anna", browser_people.password)
    page.goto("/regels/")
    assert_accessible(page)
    page.get_by_role("link", name="Zorgtoeslag proef").click()
    assert_accessible(page)

    # Upload the 2025 model as a concept version.
    page.get_by_label("DMN-bestand (.dmn of .xml)").set_input_files(str(MODEL))
    page.get_by_label("Geldig van").fill("2025-01-01")
    page.get_by_label("Geldig tot en met").fill("2025-12-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Uploaden als concept").click()
    expect(page.locator("h1")).to_have_text("Zorgtoeslag proef, versie 1")
    expect(page.locator("#dmn-viewer")).to_have_attribute("data-loaded", "true")
    assert_accessible(page)

    # Edit one cell of the decision table "Recht op zorgtoeslag" in the dmn-js modeller.
    page.get_by_role("link", name="Bewerken in de editor").click()
    editor = page.locator("#dmn-editor")
    expect(editor).to_have_attribute("data-loaded", "true")
    assert_accessible(page)
    page.evaluate(
        "() => { const m = window.opgaveDmnModeler;"
        " m.open(m.getViews().find(v => v.type === 'decisionTable' && v.element.name === 'Recht op zorgtoeslag')); }"
    )
    cell = editor.locator("td.output-cell", has_text="je 18 jaar of ouder bent").locator("[contenteditable]")
    cell.click()
    page.keyboard.press("Control+A")
    page.keyboard.type('"je aan alle voorwaarden voldoet"')
    editor.locator("th").first.click()  # leave the cell, so dmn-js commits the change
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan als nieuwe conceptversie").click()
    expect(page.locator("h1")).to_have_text("Zorgtoeslag proef, versie 2")
    expect(page.locator("main")).to_contain_text('"je aan alle voorwaarden voldoet"')

    # Publish the edited version.
    with page.expect_navigation():
        page.get_by_role("button", name="Publiceren").click()
    expect(page.locator("main")).to_contain_text("Versie 2 is gepubliceerd.")
    assert_accessible(page)

    # Evaluate through the form generated from the input schema.
    page.goto(f"/regels/{item.uuid}/proberen/")
    assert_accessible(page)
    page.get_by_label("Peildatum").fill("2025-03-01")
    page.get_by_label("leeftijd").fill("30")
    page.get_by_label("verzekerd").select_option(label="ja")
    page.get_by_label("toeslagpartner").select_option(label="nee")
    page.get_by_label("toetsingsinkomen").fill("28000")
    page.get_by_label("vermogen").fill("0")
    with page.expect_navigation():
        page.get_by_role("button", name="Beslissing nemen").click()
    explanation = page.locator("#uitleg-burger")
    expect(explanation).to_contain_text("Je hebt recht op zorgtoeslag proef van € 131,12 per maand")
    expect(explanation).to_contain_text("omdat je aan alle voorwaarden voldoet")
    expect(explanation).to_contain_text("Dit volgt uit artikelen 1 en 2 van de Wet op de zorgtoeslag.")
    assert_accessible(page)


def _type_fields(page: Any, values: list[str]) -> None:
    """Type into the focused field and the ones after it, moving on with Tab (keyboard only)."""
    for value in values:
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
        page.keyboard.press("Tab")


def test_add_a_law_reference_and_an_open_term_by_keyboard(
    page: Any, login: Any, assert_accessible: Any, browser_people: Any
) -> None:
    system = Actor.system()
    item: RuleSet = services.create_rule_set(
        actor=system, owner=browser_people.utrecht, title="Zorgtoeslag beheer", visibility="openbaar"
    )
    services.add_version(item, actor=system, dmn=MODEL.read_bytes(), geldig_van=dt.date(2025, 1, 1))
    login(page, "anna", browser_people.password)
    page.goto(f"/regels/{item.uuid}/")
    assert_accessible(page)

    # A law reference for one decision of the concept version; first with a wrong BWB id.
    page.get_by_role("link", name="Wetsverwijzing toevoegen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    page.get_by_label("Waar hoort de verwijzing bij?").focus()
    page.keyboard.press("ArrowDown")  # the first decision of the model
    page.keyboard.press("Tab")
    _type_fields(
        page,
        [
            "BWB0018451",
            "Wet op de zorgtoeslag",
            "2",
            "https://wetten.overheid.nl/BWBR0018451/2025-01-01#Artikel2",
        ],
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the focus is on "Opslaan"
    expect(page.locator("main")).to_contain_text("BWBR gevolgd door zeven cijfers")
    assert_accessible(page)
    page.get_by_label("BWB-identificatie").focus()
    _type_fields(page, ["BWBR0018451"])
    page.get_by_role("button", name="Opslaan").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("De wetsverwijzing is toegevoegd.")
    expect(page.locator("main")).to_contain_text("Wet op de zorgtoeslag, artikel 2")
    assert item.law_references.get().decision != ""
    assert_accessible(page)

    # An open term with its range, default and legal basis.
    page.get_by_role("link", name="Open norm vastleggen").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    page.get_by_label("Naam in het model (input data)").focus()
    _type_fields(page, ["vermogen", "Vermogen dat buiten beschouwing blijft"])
    page.keyboard.press("Tab")  # keep the kind: a number
    _type_fields(page, ["0", "50000,5"])
    page.keyboard.press("Tab")  # no list of texts for a number
    _type_fields(
        page,
        [
            "0",
            "euro",
            "Wet op de zorgtoeslag",
            "3",
            "https://wetten.overheid.nl/BWBR0018451/2025-01-01#Artikel3",
        ],
    )
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("De open norm is vastgelegd.")
    expect(page.locator("main")).to_contain_text("van 0 tot en met 50000.5")
    assert_accessible(page)
