"""The web shell in a real browser: log in, navigate, switch organisation, log out — each page passing axe."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PILLARS = ["Samenwerkingen", "Dossiers", "Regels", "Leren"]
# Each pillar's landing page (all four are real pages now, no placeholders).
LANDING_HEADINGS = {
    "Samenwerkingen": "Samenwerkingen",
    "Dossiers": "Mijn dossiers",
    "Regels": "Regels",
    "Leren": "Leren",
}


def test_login_page_is_accessible_and_dutch(page: Any, assert_accessible: Any, browser_people: Any) -> None:
    page.goto("/inloggen/")
    assert page.locator("html").get_attribute("lang") == "nl"
    expect(page.locator("h1")).to_have_text("Inloggen")
    assert_accessible(page)


def test_wrong_password_shows_an_error_and_stays_accessible(
    page: Any, assert_accessible: Any, browser_people: Any
) -> None:
    page.goto("/inloggen/")
    page.locator("input[name='login']").fill("anna")
    page.locator("input[name='password']").fill("dit-is-niet-het-wachtwoord")
    with page.expect_navigation():
        page.locator("form:has(input[name='password']) [type='submit']").first.click()
    expect(page.locator("input[name='password']")).to_be_visible()
    assert_accessible(page)


def test_login_with_username_shows_home_with_navigation(
    page: Any, login: Any, assert_accessible: Any, browser_people: Any
) -> None:
    login(page, "anna", browser_people.password)
    expect(page.locator("h1")).to_have_text("Welkom, Anna de Vries")
    navigation = page.get_by_role("navigation", name="Hoofdmenu")
    for label in PILLARS:
        expect(navigation.get_by_role("link", name=label, exact=True)).to_be_visible()
    # Two memberships: the header offers the switcher, showing the active organisation.
    expect(page.get_by_label("Werken namens")).to_have_value(str(browser_people.utrecht.uuid))
    expect(page.locator("main")).to_contain_text("Je werkt namens Gemeente Utrecht")
    # htmx is loaded from node_modules, configured not to inject the inline style the CSP forbids.
    assert page.evaluate("() => typeof htmx === 'object' && htmx.config.includeIndicatorStyles === false")
    assert_accessible(page)


def test_login_with_email_address(page: Any, login: Any, browser_people: Any) -> None:
    login(page, "Bram.Jansen@example.org", browser_people.password)
    expect(page.locator("h1")).to_have_text("Welkom, Bram Jansen")
    # One membership: nothing to switch between; the header just names the organisation.
    expect(page.locator("#organisatie-wisselen")).to_have_count(0)
    expect(page.locator("#actieve-organisatie")).to_contain_text("Gemeente Utrecht")


def test_switch_organisation(page: Any, login: Any, assert_accessible: Any, browser_people: Any) -> None:
    login(page, "anna", browser_people.password)
    page.goto("/regels/")
    page.get_by_label("Werken namens").select_option(label=browser_people.bzk.name)
    with page.expect_navigation():
        page.get_by_role("button", name="Wisselen").click()
    # Back on the page where the switch was made, now acting for the ministry.
    assert page.url.endswith("/regels/")
    expect(page.get_by_label("Werken namens")).to_have_value(str(browser_people.bzk.uuid))
    assert_accessible(page)
    # The choice sticks for the rest of the session.
    page.goto("/")
    expect(page.locator("main")).to_contain_text(f"Je werkt namens {browser_people.bzk.name}")
    expect(page.get_by_label("Werken namens")).to_have_value(str(browser_people.bzk.uuid))


def test_every_pillar_page_is_reachable_and_accessible(
    page: Any, login: Any, assert_accessible: Any, browser_people: Any
) -> None:
    login(page, "anna", browser_people.password)
    navigation = page.get_by_role("navigation", name="Hoofdmenu")
    for label in PILLARS:
        with page.expect_navigation():
            navigation.get_by_role("link", name=label, exact=True).click()
        expect(page.locator("h1")).to_have_text(LANDING_HEADINGS[label])
        current = navigation.locator("[aria-current='page']")
        expect(current).to_have_text(label)
        if page.get_by_text("Nog niet beschikbaar").count():
            expect(page.locator("main")).to_contain_text("Dit onderdeel is nog niet beschikbaar.")
            expect(page.get_by_role("navigation", name="Kruimelpad")).to_contain_text(label)
        assert_accessible(page)


def test_logout_ends_the_session(page: Any, login: Any, assert_accessible: Any, browser_people: Any) -> None:
    login(page, "anna", browser_people.password)
    page.locator(".opgave-user-menu summary").click()
    # The open menu is checked too (axe skips hidden content, so a closed menu proves nothing).
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Uitloggen").click()
    page.goto("/")
    # The start page needs a session again: we land on the login page.
    expect(page).to_have_url(re.compile(r"/inloggen/"))
    expect(page.locator("input[name='password']")).to_be_visible()
    assert_accessible(page)


def test_skip_link_moves_focus_to_the_main_content(page: Any, login: Any, browser_people: Any) -> None:
    login(page, "anna", browser_people.password)
    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    expect(skip_link).to_have_text("Naar de inhoud")
    expect(skip_link).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "inhoud"
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.closest('main') !== null")


def test_main_navigation_is_reachable_by_keyboard(page: Any, login: Any, browser_people: Any) -> None:
    login(page, "anna", browser_people.password)
    reached = []
    for _ in range(30):
        page.keyboard.press("Tab")
        text = page.evaluate(
            "() => document.activeElement.closest('nav[aria-label=\"Hoofdmenu\"]') ? document.activeElement.textContent.trim() : null"
        )
        if text:
            reached.append(text)
        if len(reached) == len(PILLARS):
            break
    assert reached == PILLARS
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(PILLARS[-1])


def test_not_found_page_is_dutch_and_accessible(
    page: Any, login: Any, assert_accessible: Any, browser_people: Any
) -> None:
    login(page, "anna", browser_people.password)
    response = page.goto("/bestaat-niet/")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Pagina niet gevonden")
    assert_accessible(page)


def test_narrow_screen_keeps_everything_usable(
    page: Any, login: Any, assert_accessible: Any, browser_people: Any
) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, "anna", browser_people.password)
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px on a phone-sized screen"
    for label in PILLARS:
        expect(
            page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=label, exact=True)
        ).to_be_visible()
    assert_accessible(page)


def test_assert_accessible_fails_on_a_serious_violation(page: Any, assert_accessible: Any) -> None:
    # The check itself must be able to fail: an image without a text alternative is "critical".
    page.goto("/inloggen/")
    page.evaluate(
        "() => { const img = document.createElement('img'); img.src = '/static/web/favicon.svg'; document.querySelector('main').append(img); }"
    )
    with pytest.raises(pytest.fail.Exception, match="image-alt"):
        assert_accessible(page)


def test_two_people_at_once_have_separate_sessions(
    page: Any, new_page: Any, login: Any, browser_people: Any
) -> None:
    login(page, "anna", browser_people.password)
    other = new_page()
    login(other, "bram", browser_people.password)
    page.reload()
    expect(page.locator("h1")).to_have_text("Welkom, Anna de Vries")
    expect(other.locator("h1")).to_have_text("Welkom, Bram Jansen")


def test_forbidden_page_is_dutch_and_accessible(
    page: Any, login: Any, assert_accessible: Any, browser_people: Any
) -> None:
    login(page, "bram", browser_people.password)
    # Tamper with the switcher: ask to act for an organisation Bram is not a member of.
    form = page.locator("form[action$='/uitloggen/']")
    form.evaluate(
        """(form, uuid) => {
            form.action = '/organisatie-wisselen/';
            const field = document.createElement('input');
            field.type = 'hidden'; field.name = 'organisation'; field.value = uuid;
            form.append(field);
            form.submit();
        }""",
        str(browser_people.bzk.uuid),
    )
    page.wait_for_load_state()
    expect(page.locator("h1")).to_have_text("Geen toegang")
    assert_accessible(page)


def test_server_error_page_is_dutch_and_accessible(
    page: Any, assert_accessible: Any, live_server_url: str
) -> None:
    # Serve the real 500 template (rendered as Django renders it: no request, no database) with the
    # site's own Content-Security-Policy, at an address of the live server so its CSS loads.
    from django.template.loader import render_to_string

    from opgave.core.middleware import SecurityHeadersMiddleware

    body = render_to_string("500.html")
    page.route(
        "**/kapot/",
        lambda route: route.fulfill(
            status=500,
            body=body,
            content_type="text/html; charset=utf-8",
            headers={"Content-Security-Policy": SecurityHeadersMiddleware.CSP},
        ),
    )
    page.goto(f"{live_server_url}/kapot/")
    expect(page.locator("h1")).to_have_text("Er ging iets mis")
    assert page.evaluate(
        "() => getComputedStyle(document.querySelector('.opgave-header')).backgroundColor"
    ) == ("rgb(0, 26, 64)")
    assert_accessible(page)
