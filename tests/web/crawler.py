"""The page crawl: every demo account (and nobody) follows every same-site link and GET form.

Used by ``tests/web/test_crawl.py`` (status codes and coverage of the URLconf, Django's test
client) and ``tests/browser/test_page_crawl_in_chromium.py`` (console errors and axe-core, Chromium, on one
representative page per URL pattern and page variant).

Bounded and de-duplicated: a URL is identified by its route name (``namespace:name`` from
:func:`django.urls.resolve`), and each account visits at most :data:`CAP_PER_ROUTE` URLs of one
route. New apps are picked up without any change here: their pages are reached through the
links on the pages that already exist, and their URL patterns are read from the URLconf.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from opgave.web.navigation import PILLARS, optional_reverse

CAP_PER_ROUTE = 5
MAX_PAGES_PER_ACCOUNT = 400
SKIPPED_PREFIXES = ("/api/", "/beheer/", "/static/", "/media/")

# URL patterns that no link or GET form reaches on purpose, each with the reason. Reviewed: keep
# this list short; a page a person should find belongs in a link, not here.
# Views that only take POST are found automatically: a POST form on a crawled page points at them
# and a GET answers 405 (see :meth:`Crawl.post_only`).
NOT_LINKED: dict[str, str] = {
    "favicon": "vraagt de browser zelf op (/favicon.ico), naast het icoon in de kop van elke pagina",
    "collaborations:invitation-link": "alleen via de link met token in de uitnodigingsmail",
    "login-totp": "alleen bereikbaar midden in het inloggen, na het wachtwoord, met een tweede factor",
    "totp-setup": "alleen bereikbaar tijdens het inloggen wanneer een tweede factor verplicht is "
    "(de demo-accounts hebben er geen)",
    "simulation:progress": "fragment dat htmx opvraagt zolang een simulatie rekent; die van de demo is klaar "
    "(getest in tests/simulation/test_pages.py en tests/browser/test_simulation.py)",
}


def placeholders_of_landed_pillars() -> dict[str, str]:
    """A pillar's placeholder is linked only until the pillar's own pages exist."""
    return {
        pillar.placeholder_url_name: f"vervangen door {pillar.url_name}"
        for pillar in PILLARS
        if optional_reverse(pillar.url_name) is not None
    }


def url_patterns() -> dict[str, str]:
    """Every page route of the URLconf: ``{route name: route}``, without the API, admin and static files."""
    found: dict[str, str] = {}

    def walk(patterns: list[URLPattern | URLResolver], prefix: str, namespace: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if any(("/" + route).startswith(skipped) for skipped in SKIPPED_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry.url_patterns, route, inner)
            elif entry.name:
                found[f"{namespace}{entry.name}"] = "/" + route
            else:
                found[f"(naamloos) /{route}"] = "/" + route

    walk(get_resolver().url_patterns, "", "")
    return found


@dataclass
class Visit:
    account: str
    url: str
    route: str
    status: int
    templates: tuple[str, ...]
    html: bool


@dataclass
class Crawl:
    visits: list[Visit] = field(default_factory=list)
    post_targets: dict[str, str] = field(default_factory=dict)  # route -> one URL a POST form sends to
    seconds: float = 0.0

    def failures(self) -> list[Visit]:
        return [v for v in self.visits if v.status >= 500]

    def routes(self) -> set[str]:
        return {v.route for v in self.visits if v.status < 400}

    def post_only(self, client: Client) -> set[str]:
        """Routes reached only as the action of a POST form, whose view refuses GET (405)."""
        return {route for route, url in self.post_targets.items() if client.get(url).status_code == 405}

    def representatives(self) -> list[Visit]:
        """One successful HTML page per route and page variant (the set of templates it rendered)."""
        chosen: dict[tuple[str, tuple[str, ...]], Visit] = {}
        for visit in self.visits:
            if visit.status == 200 and visit.html:
                chosen.setdefault((visit.route, visit.templates), visit)
        return list(chosen.values())


class _Links(HTMLParser):
    """Collects ``<a href>`` targets and GET forms (filled with their default values)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self.post_actions: list[str] = []
        self._form: tuple[str, list[tuple[str, str]]] | None = None
        self._select: str | None = None
        self._select_value: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            if a.get("method", "get").lower() == "get":
                self._form = (a.get("action", ""), [])
            else:
                self.post_actions.append(a.get("action", ""))
        elif self._form is not None and tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in {"submit", "button", "image", "file", "reset"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in a:
                return
            self._form[1].append((a["name"], a.get("value", "")))
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select, self._select_value = a["name"], None
        elif (
            self._form is not None
            and tag == "option"
            and self._select is not None
            and (self._select_value is None or "selected" in a)
        ):
            self._select_value = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._form is not None and self._select is not None:
            self._form[1].append((self._select, self._select_value or ""))
            self._select = None
        elif tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None


def _same_site(base: str, href: str) -> str | None:
    """The path and query of a same-site target, without its fragment; ``None`` for anything else."""
    target = urlsplit(urljoin(base, href))
    if target.scheme not in {"http", "https"} or target.netloc not in {"testserver", ""}:
        return None
    if any(target.path.startswith(prefix) for prefix in SKIPPED_PREFIXES):
        return None
    return target.path + (f"?{target.query}" if target.query else "")


def targets(url: str, html: str) -> tuple[list[str], list[str]]:
    """The links and filled-in GET forms of a page, and the URLs its POST forms send to."""
    parser = _Links()
    parser.feed(html)
    base = f"http://testserver{url}"
    links = [found for href in parser.links if (found := _same_site(base, href)) is not None]
    for action, fields in parser.forms:
        if (found := _same_site(base, action or url)) is not None:
            links.append(found.split("?")[0] + ("?" + urlencode(fields) if fields else ""))
    posts = [
        found for action in parser.post_actions if (found := _same_site(base, action or url)) is not None
    ]
    return links, posts


def route_of(url: str) -> str:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return "(geen route)"
    return match.view_name


def crawl(client: Client, account: str, start: str = "/", documents: set[str] | None = None) -> Crawl:
    """Visit what ``client`` can reach from ``start``; a redirect's target is a link too.

    ``documents`` (shared between accounts) holds the routes that answered with a file rather
    than a page (a PDF): one successful file per route is enough, as rendering one is slow.
    """
    documents = documents if documents is not None else set()
    began = time.perf_counter()
    result = Crawl()
    seen: set[str] = set()
    per_route: dict[str, int] = {}
    queue: deque[str] = deque([start])
    while queue and len(result.visits) < MAX_PAGES_PER_ACCOUNT:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        route = route_of(url)
        if per_route.get(route, 0) >= CAP_PER_ROUTE or route in documents:
            continue
        per_route[route] = per_route.get(route, 0) + 1
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        html = content_type.startswith("text/html")
        templates = tuple(sorted({t.name for t in getattr(response, "templates", []) if t.name}))
        result.visits.append(Visit(account, url, route, response.status_code, templates, html))
        if response.status_code == 200 and not html:
            documents.add(route)
        if response.status_code in {301, 302, 303, 307, 308}:
            location = _same_site(f"http://testserver{url}", response["Location"])
            if location is not None:
                queue.append(location)
        elif html and response.status_code < 500:
            links, posts = targets(url, response.content.decode())
            queue.extend(links)
            for post in posts:
                result.post_targets.setdefault(route_of(post), post)
    result.seconds = time.perf_counter() - began
    return result
