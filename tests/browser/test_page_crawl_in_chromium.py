"""The page crawl in Chromium: one page per URL pattern and page variant, as the account that
reached it, must load without console errors and pass axe-core (no serious or critical finding).

The status codes of *every* page and the coverage of the URLconf are checked with Django's test
client in ``tests/web/test_crawl.py``; this test reuses that crawl to choose its pages. A page
variant is the set of templates a response rendered, so the public and the private view of a
collaboration are each checked once, whoever reached them first.
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from tests.browser import support
from tests.web import crawler

from opgave.core import demo_loader
from opgave.core.models import Person

# A group of its own, not "browser": this one test takes minutes (it crawls the whole demo with the
# test client first), so it runs on one xdist worker while the other browser tests run on the other.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser-crawl")]

ANONYMOUS = "(anoniem)"


def _check(page: Any, url: str) -> list[str]:
    """Visit ``url``; what went wrong there (console errors, failed resources, axe findings)."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} for {r.request.resource_type} {r.url}")
            if r.status >= 400 and r.request.resource_type in support.SUBRESOURCES
            else None
        ),
    )
    page.goto(url)
    try:
        support.assert_accessible(page)
    except pytest.fail.Exception as exc:
        errors.append(str(exc))
    return [e for e in errors if "Failed to load resource" not in e]


def test_every_page_variant_is_accessible_and_free_of_console_errors(
    browser: Any, live_server_url: str, settings: Any
) -> None:
    settings.DEMO_MODE = True
    demo_loader.load()
    clients: dict[str, Client] = {ANONYMOUS: Client(raise_request_exception=False)}
    for person in Person.objects.filter(is_demo=True, is_active=True).order_by("username"):
        clients[person.username] = Client(raise_request_exception=False)
        clients[person.username].force_login(person)

    representatives: list[crawler.Visit] = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    documents: set[str] = set()
    for account, client in clients.items():
        for visit in crawler.crawl(client, account, documents=documents).representatives():
            if (visit.route, visit.templates) not in seen:
                seen.add((visit.route, visit.templates))
                representatives.append(visit)
    by_account: dict[str, list[crawler.Visit]] = defaultdict(list)
    for visit in representatives:
        by_account[visit.account].append(visit)

    began = time.perf_counter()
    problems: list[str] = []
    for account, visits in by_account.items():
        context = browser.new_context(
            base_url=live_server_url,
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            viewport={"width": 1280, "height": 900},
        )
        cookie = clients[account].cookies.get(django_settings.SESSION_COOKIE_NAME)
        if cookie is not None:
            context.add_cookies(
                [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server_url}]
            )
        try:
            for visit in visits:
                page = context.new_page()
                problems += [f"{visit.url} ({visit.route}, {account}): {e}" for e in _check(page, visit.url)]
                page.close()
        finally:
            context.close()
    print(
        f"\nbrowser crawl: {len(representatives)} page variants of {len({v.route for v in representatives})} "
        f"routes as {len(by_account)} accounts, {time.perf_counter() - began:.1f} s"
    )
    assert not problems, "Pages with console errors or accessibility violations:\n" + "\n".join(problems)
