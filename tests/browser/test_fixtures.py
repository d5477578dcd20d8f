"""The shared browser fixtures must be able to fail: broken resources and CSP violations are caught."""

from __future__ import annotations

from typing import Any

import pytest
from tests.browser.support import Pages

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ADD_SCRIPT = "{ const s = document.createElement('script'); %s; document.head.append(s); }"


# The 404 for a missing static file is the site's HTML error page; under ``nosniff`` Chromium
# refuses an HTML answer for a stylesheet and aborts the request (no "response" event, a
# "requestfailed" one), while a script's 404 still arrives as a response. Both must fail the test.
@pytest.mark.parametrize(
    ("change", "event", "expected"),
    [
        (
            "document.head.insertAdjacentHTML('beforeend', \"<link rel='stylesheet' href='/static/web/nope.css'>\")",
            "requestfailed",
            r"request failed: \S+/static/web/nope\.css",
        ),
        (ADD_SCRIPT % "s.src = '/static/web/nope.js'", "response", "404 for script"),
    ],
    ids=["missing-stylesheet", "missing-script"],
)
def test_a_resource_that_does_not_load_fails_the_test(
    browser: Any, live_server_url: str, change: str, event: str, expected: str
) -> None:
    pages = Pages(browser, live_server_url)
    page = pages.open()
    page.goto("/inloggen/")
    with page.expect_event(event, lambda outcome: "/nope." in outcome.url):
        page.evaluate(change)
    with pytest.raises(pytest.fail.Exception, match=expected):
        pages.close_and_check()


@pytest.mark.parametrize(
    "change",
    [
        "document.body.insertAdjacentHTML('beforeend', \"<p style='color: red'>inline</p>\")",
        ADD_SCRIPT % "s.textContent = 'void 0'",
    ],
    ids=["inline-style", "inline-script"],
)
def test_a_content_security_policy_violation_fails_the_test(
    browser: Any, live_server_url: str, change: str
) -> None:
    pages = Pages(browser, live_server_url)
    page = pages.open()
    page.goto("/inloggen/")
    with page.expect_console_message(lambda message: message.type == "error"):
        page.evaluate(change)
    with pytest.raises(pytest.fail.Exception, match="Content Security Policy"):
        pages.close_and_check()


def test_a_clean_page_passes(browser: Any, live_server_url: str) -> None:
    pages = Pages(browser, live_server_url)
    page = pages.open()
    page.goto("/inloggen/")
    page.wait_for_load_state("networkidle")
    pages.close_and_check()


def test_a_request_cut_off_for_a_resource_that_exists_passes(browser: Any, live_server_url: str) -> None:
    """Chromium aborts the favicon of a page that a test leaves at once; that is not a defect."""
    pages = Pages(browser, live_server_url)
    page = pages.open()
    page.route("**/favicon.svg", lambda route: route.abort("aborted"))
    with page.expect_event("requestfailed", lambda request: "favicon" in request.url):
        page.goto("/inloggen/")
    assert pages.failed_requests, "the cut-off request was not seen"
    pages.close_and_check()
