"""Reading a design in the browser (issue #9, section 3), each page passing axe-core: the read-mode
overview, the four perspectives on step 3, and a version comparison that fits the viewport."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from opgave.collaborations.demo import DEBTS
from opgave.collaborations.models import Collaboration
from opgave.core import demo_loader
from opgave.core.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def debts(live_server_url: str, settings: Any) -> Collaboration:
    settings.DEMO_MODE = True
    demo_loader.load()
    return Collaboration.objects.get(name=DEBTS)


def test_the_overview_reads_the_agreed_design(
    page: Any, debts: Collaboration, login: Any, assert_accessible: Any
) -> None:
    login(page, "sanne", DEMO_PASSWORD)
    page.goto(f"/samenwerkingen/{debts.uuid}/")
    expect(page.get_by_role("heading", name="Het afgesproken ontwerp")).to_be_visible()
    expect(page.get_by_role("link", name="Ontwerp bewerken")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Vivare")).to_be_visible()  # a party of the agreed version
    expect(page.get_by_text("wijzigingen in het werkconcept die nog niet zijn vastgesteld")).to_be_visible()
    assert page.locator(".opgave-agreed textarea, .opgave-agreed input").count() == 0
    # step 4's relation between the national and regional level and the connector are agreed content
    expect(page.get_by_text("Onafhankelijk voorzitter van de werkgroep schulden")).to_be_visible()
    expect(page.get_by_text("het Rijk is opdrachtgever van de regio", exact=False)).to_be_visible()
    page.screenshot(path="var/collab-a-overview.png", full_page=True)
    assert_accessible(page)


def test_step_3_shows_the_quadrant_and_its_table(
    page: Any, debts: Collaboration, login: Any, assert_accessible: Any
) -> None:
    login(page, "sanne", DEMO_PASSWORD)
    page.goto(f"/samenwerkingen/{debts.uuid}/stap/3/")
    figure = page.get_by_role("img", name="De vier perspectieven op samenwerken")
    expect(figure).to_be_visible()
    expect(page.get_by_role("table", name="De vier perspectieven: scores, voorstel en keuze")).to_be_visible()
    assert page.locator(".opgave-quadrant__cell--chosen").count() == 1
    figure.screenshot(path="var/collab-a-quadrant.png")
    assert_accessible(page)


def test_the_comparison_reads_as_sentences_and_fits_the_viewport(
    page: Any, debts: Collaboration, login: Any, assert_accessible: Any
) -> None:
    newest = debts.versions.order_by("-number").first()
    assert newest is not None and newest.number >= 2
    login(page, "sanne", DEMO_PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the columns must still fit
    page.goto(f"/samenwerkingen/{debts.uuid}/versies/vergelijk/?oud=1&nieuw={newest.number}")
    expect(page.get_by_role("heading", name="Stap 1 · Opgave")).to_be_visible()
    assert page.locator(".opgave-compare__change").count() > 0
    expect(page.get_by_text("neutrale verbinder", exact=False).first).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    text = page.locator("main").inner_text()
    assert "T00:" not in text and "+00:00" not in text
    page.screenshot(path="var/collab-a-compare.png")
    assert_accessible(page)
