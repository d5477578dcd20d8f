"""Fixtures shared by ALL browser tests (Playwright driving Debian's Chromium, plus axe-core).

Use them in any ``tests/browser/test_*.py``::

    pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

    def test_something(page, live_server_url, login, assert_accessible, browser_people):
        login(page, "anna", browser_people.password)
        page.goto(f"{live_server_url}/")
        assert_accessible(page)

* ``browser`` (session): headless Chromium from ``/usr/bin/chromium`` — never a downloaded
  browser. Missing Chromium FAILS the test with the advice to run ``make browser``.
* ``page`` (function): a fresh context (Dutch locale, 1280×900) and page; its base URL is the
  live server, so ``page.goto("/dossiers/")`` works. Console errors (for example a Content
  Security Policy violation by an inline script or style), uncaught script errors and
  stylesheets, scripts, images or fonts that fail to load fail the test at teardown.
* ``new_page()`` (function): another page in a context of its own (its own cookies: another
  person at the same time), watched for errors in the same way.
* ``live_server_url``: pytest-django's ``live_server`` (which needs a transactional database;
  this fixture requests ``transactional_db`` for you).
* ``login(page, username_or_email, password)``: logs in through the login form and fails
  with the page's error text when that does not work.
* ``assert_accessible(page)``: runs axe-core (``node_modules/axe-core/axe.min.js``) on the
  current page and fails on any *serious* or *critical* violation, listing each one.
* ``browser_people``: two organisations and two people (one with two memberships), made with
  the core factories (``tests/core/factories.py``); their password is ``browser_people.password``.

The machinery lives in ``tests/browser/support.py``. Every test in this directory is marked ``browser`` and put in xdist group ``"browser"`` (one
worker), by :func:`pytest_collection_modifyitems` below.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from tests.browser import support
from tests.core.factories import DEFAULT_PASSWORD, MembershipFactory, OrganisationFactory, PersonFactory

from opgave.core.models import Membership, OrganisationKind

CHROMIUM = Path(os.environ.get("OPGAVE_CHROMIUM", "/usr/bin/chromium"))
BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser as ``browser`` and keep them on one xdist worker."""
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            if item.get_closest_marker("xdist_group") is None:
                item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def chromium_executable() -> Path:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Chromium is missing ({CHROMIUM}). The browser tests need Debian's Chromium: run `make browser` "
            "(as root it installs the 'chromium' package).",
            pytrace=False,
        )
    return CHROMIUM


@pytest.fixture(scope="session")
def _playwright() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread for the rest of the session;
    # Django would then refuse every synchronous ORM call made here — from browser tests and from any
    # other test that runs on this xdist worker afterwards. Those calls are synchronous on purpose.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    manager = sync_playwright()
    playwright = manager.start()
    try:
        yield playwright
    finally:
        manager.__exit__(None, None, None)
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(_playwright: Any, chromium_executable: Path) -> Iterator[Any]:
    instance = _playwright.chromium.launch(
        executable_path=str(chromium_executable), headless=True, args=support.CHROMIUM_ARGS
    )
    try:
        yield instance
    finally:
        instance.close()


@pytest.fixture
def live_server_url(live_server: Any, transactional_db: None) -> str:
    return str(live_server.url)


@pytest.fixture
def _pages(browser: Any, live_server_url: str) -> Iterator[support.Pages]:
    pages = support.Pages(browser, live_server_url)
    try:
        yield pages
    finally:
        pages.close_and_check()


@pytest.fixture
def page(_pages: support.Pages) -> Any:
    return _pages.open()


@pytest.fixture
def new_page(_pages: support.Pages) -> Callable[[], Any]:
    """``new_page()``: another page in its own browser context (another person), watched like ``page``."""
    return _pages.open


@pytest.fixture
def login() -> Callable[[Any, str, str], None]:
    """``login(page, username_or_email, password)``: log in via the login form."""
    return support.login


@pytest.fixture
def assert_accessible() -> Callable[[Any], None]:
    """``assert_accessible(page)``: fail on serious or critical axe-core violations."""
    return support.assert_accessible


@dataclass
class BrowserPeople:
    """What :func:`browser_people` made: people, organisations and their shared password."""

    password: str
    anna: Any  # member of two organisations
    bram: Any  # member of one organisation
    utrecht: Any
    bzk: Any


@pytest.fixture
def browser_people(transactional_db: None) -> BrowserPeople:
    utrecht = OrganisationFactory(name="Gemeente Utrecht", kind=OrganisationKind.GEMEENTE, cbs_code="GM0344")
    bzk = OrganisationFactory(
        name="Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", kind=OrganisationKind.RIJK
    )
    anna = PersonFactory(
        username="anna", email="anna.devries@example.org", first_name="Anna", last_name="de Vries"
    )
    bram = PersonFactory(
        username="bram", email="bram.jansen@example.org", first_name="Bram", last_name="Jansen"
    )
    MembershipFactory(
        person=anna, organisation=utrecht, role=Membership.Role.ADMIN, job_title="Programmamanager"
    )
    MembershipFactory(person=anna, organisation=bzk, role=Membership.Role.MEMBER, job_title="Beleidsadviseur")
    MembershipFactory(person=bram, organisation=utrecht, role=Membership.Role.MEMBER)
    return BrowserPeople(password=DEFAULT_PASSWORD, anna=anna, bram=bram, utrecht=utrecht, bzk=bzk)
