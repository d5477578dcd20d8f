"""Pillar 2 in a real browser: two organisations see different timelines of one dossier, the
regisseur accepts a new participant, and a signal match appears for both — each page passing axe."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect
from tests.core.factories import DEFAULT_PASSWORD
from tests.dossiers.conftest import BSN_OTHER, World, make_world

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def browser_world(live_server_url: str, transactional_db: None) -> World:
    return make_world()


def _open_dossier(page: Any, login: Any, world: World, key: str) -> None:
    login(page, world.people[key].username, DEFAULT_PASSWORD)
    page.goto("/dossiers/")
    page.get_by_role("link", name=f"{world.dossier.reference} — {world.dossier.title}").click()
    expect(page.locator("h1")).to_contain_text(world.dossier.reference)


def test_two_organisations_see_different_timelines(
    page: Any, new_page: Any, login: Any, assert_accessible: Any, browser_world: World
) -> None:
    _open_dossier(page, login, browser_world, "gemeente")
    timeline = page.locator(".dossier-timeline")
    expect(timeline).to_contain_text("geheim-veiligheid-strikt")
    expect(timeline).not_to_contain_text("geheim-school-normaal")
    assert_accessible(page)
    school = new_page()
    _open_dossier(school, login, browser_world, "school")
    other = school.locator(".dossier-timeline")
    expect(other).to_contain_text("geheim-school-normaal")
    expect(other).to_contain_text("geheim-jeugd-normaal")
    expect(other).not_to_contain_text("geheim-veiligheid-strikt")
    expect(other).not_to_contain_text("geheim-jeugd-vertrouwelijk")
    assert_accessible(school)
    school.get_by_role("link", name="geheim-jeugd-normaal").click()
    expect(school.locator("h1")).to_have_text("geheim-jeugd-normaal")
    assert_accessible(school)


def test_the_regisseur_accepts_a_new_participant(
    page: Any, new_page: Any, login: Any, assert_accessible: Any, browser_world: World
) -> None:
    raad = new_page()
    login(raad, browser_world.people["raad"].username, DEFAULT_PASSWORD)
    response = raad.goto(f"/dossiers/{browser_world.dossier.uuid}/")
    assert response is not None and response.status == 403
    _open_dossier(page, login, browser_world, "gemeente")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Accepteren")).click()
    expect(page.locator(".opgave-messages")).to_contain_text("geaccepteerd")
    assert_accessible(page)
    raad.goto("/dossiers/")
    raad.get_by_role(
        "link", name=f"{browser_world.dossier.reference} — {browser_world.dossier.title}"
    ).click()
    expect(raad.locator("h1")).to_contain_text(browser_world.dossier.reference)
    # accepted, but its own purpose covers no entry yet: an empty timeline
    expect(raad.get_by_text("Er zijn geen stukken die je organisatie mag zien.")).to_be_visible()
    assert "geheim-" not in raad.content()
    assert_accessible(raad)


def _signal(page: Any, login: Any, world: World, key: str, purpose: str) -> None:
    login(page, world.people[key].username, DEFAULT_PASSWORD)
    page.goto("/dossiers/signalen/")
    page.get_by_label("Burgerservicenummer").fill(BSN_OTHER)
    page.get_by_label("Doel van je organisatie").select_option(purpose)
    with page.expect_navigation():
        page.get_by_role("button", name="Signaal afgeven").click()
    expect(page.locator(".opgave-messages")).to_contain_text("afgegeven")
    assert BSN_OTHER not in page.url


def test_a_signal_match_appears_for_both(
    page: Any, new_page: Any, login: Any, assert_accessible: Any, browser_world: World
) -> None:
    _signal(page, login, browser_world, "school", "t-onderwijs")
    expect(page.locator("#matches-titel + p")).to_have_text("Nog geen matches.")
    assert_accessible(page)
    ggz = new_page()
    _signal(ggz, login, browser_world, "ggz", "t-ggz")
    expect(
        ggz.get_by_text("ook Basisschool De Test heeft een signaal afgegeven", exact=False)
    ).to_be_visible()
    assert_accessible(ggz)
    page.reload()
    expect(page.get_by_text("ook GGZ Test heeft een signaal afgegeven", exact=False)).to_be_visible()
    assert BSN_OTHER not in page.content()
    assert_accessible(page)
