"""The machinery behind the browser fixtures (see ``conftest.py``): pages watched for errors,
logging in through the form, and the axe-core check. Import from here when a test needs it
directly, e.g. to show that a check can fail."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PROJECT_DIR = Path(__file__).resolve().parents[2]
AXE_JS = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
SUBRESOURCES = frozenset({"stylesheet", "script", "image", "font"})


class Pages:
    """Opens pages, each in its own browser context (own cookies), and watches them for errors."""

    def __init__(self, browser: Any, base_url: str) -> None:
        self.browser = browser
        self.base_url = base_url
        self.contexts: list[Any] = []
        self.errors: list[str] = []
        self.failed_requests: list[tuple[Any, str, str, str]] = []

    def open(self) -> Any:
        context = self.browser.new_context(
            base_url=self.base_url,
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            viewport={"width": 1280, "height": 900},
        )
        self.contexts.append(context)
        new_page = context.new_page()
        errors = self.errors
        new_page.on(
            "console", lambda message: errors.append(message.text) if message.type == "error" else None
        )
        new_page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
        # A stylesheet, script, image or font that does not load is a defect too (the console only
        # says "Failed to load resource", which a 404 *page* that a test visits on purpose also says).
        new_page.on(
            "response",
            lambda response: (
                errors.append(f"{response.status} for {response.request.resource_type} {response.url}")
                if response.status >= 400 and response.request.resource_type in SUBRESOURCES
                else None
            ),
        )
        new_page.on(
            "requestfailed",
            lambda request: self.failed_requests.append(
                (context, request.url, request.resource_type, str(request.failure))
            ),
        )
        return new_page

    def _broken(self, context: Any, url: str, resource_type: str) -> bool:
        """Whether a request that failed in the browser fails when fetched again. Chromium aborts a
        request that a navigation overtakes (the favicon of a page the test leaves at once) with the
        same ``net::ERR_ABORTED`` as a stylesheet it refuses, so the resource itself decides."""
        try:
            answer = context.request.get(url, max_redirects=0)
        except Exception:  # the server refusing the connection: broken too
            return True
        if answer.status >= 400:
            return True
        content_type = answer.headers.get("content-type", "")
        expected = {"stylesheet": "text/css", "script": "javascript"}.get(resource_type)
        return expected is not None and expected not in content_type

    def close_and_check(self) -> None:
        for context, url, resource_type, failure in self.failed_requests:
            if self._broken(context, url, resource_type):
                self.errors.append(f"request failed: {url} ({failure})")
        for context in self.contexts:
            context.close()
        unexpected = [text for text in self.errors if "Failed to load resource" not in text]
        if unexpected:
            pytest.fail(
                "The browser console reported errors:\n" + "\n".join(f"- {text}" for text in unexpected),
                pytrace=False,
            )


def login(page: Any, username: str, password: str) -> None:
    page.goto("/inloggen/")
    form = page.locator("form:has(input[name='password'])")
    # core's login form calls the field "login" (username or e-mail address).
    form.locator("input[name='login']").fill(username)
    form.locator("input[name='password']").fill(password)
    with page.expect_navigation():
        form.locator("[type='submit']").first.click()
    if page.locator("input[name='password']").count():
        shown = page.locator("main").inner_text()
        pytest.fail(f"Logging in as {username!r} did not work; the page says:\n{shown}", pytrace=False)


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:5]:
            lines.append(f"    at {', '.join(node['target'])}: {node.get('failureSummary', '').strip()}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more elements")
    return "\n".join(lines)


def assert_accessible(page: Any) -> None:
    if not AXE_JS.is_file():
        pytest.fail(
            f"axe-core is missing ({AXE_JS}); run `npm install` (part of `make test`).", pytrace=False
        )
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the page's CSP (no inline script) does not block it.
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;void 0;")
    # preload: false — axe's CSSOM preloading re-inserts the stylesheets as inline <style>, which
    # the page's CSP (rightly) blocks and reports as console errors.
    results = page.evaluate(
        "async () => { const r = await axe.run(document, {resultTypes: ['violations'], preload: false});"
        " return JSON.stringify(r.violations); }"
    )
    violations = [v for v in json.loads(results) if v.get("impact") in BLOCKING_IMPACTS]
    if violations:
        pytest.fail(
            f"axe-core found {len(violations)} serious or critical accessibility violation(s) on {page.url}:\n"
            + format_violations(violations),
            pytrace=False,
        )
