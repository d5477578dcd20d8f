"""The page crawl through Django's test client: with the demo loaded, every demo account and an
anonymous visitor follow every same-site link and GET form from the start page. No page may
answer 5xx, and every page route of the URLconf must be reached by at least one of them.

Console errors and axe-core run in ``tests/browser/test_page_crawl_in_chromium.py`` on one page per route and
page variant. The figures (accounts, pages, time) are printed with ``-s``.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from tests.web import crawler

from opgave.core import demo_loader
from opgave.core.models import Person


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    settings.DEMO_MODE = True
    demo_loader.load()


def crawl_everyone() -> dict[str, crawler.Crawl]:
    documents: set[str] = set()
    results = {
        "(anoniem)": crawler.crawl(Client(raise_request_exception=False), "(anoniem)", documents=documents)
    }
    for person in Person.objects.filter(is_demo=True, is_active=True).order_by("username"):
        client = Client(raise_request_exception=False)
        client.force_login(person)
        results[person.username] = crawler.crawl(client, person.username, documents=documents)
    return results


def test_every_page_answers_for_every_demo_account_and_every_route_is_reached(demo: None) -> None:
    results = crawl_everyone()
    assert len(results) >= 9, "the demo should have at least eight accounts besides the anonymous visitor"

    failures = [v for result in results.values() for v in result.failures()]
    assert not failures, "Pages answered 5xx:\n" + "\n".join(
        f"- {v.status} {v.url} ({v.route}) as {v.account}" for v in failures
    )

    reached = set().union(*(result.routes() for result in results.values()))
    client = Client(raise_request_exception=False)
    client.force_login(Person.objects.get(username="sanne"))
    post_only = set().union(*(result.post_only(client) for result in results.values()))
    excluded = {**crawler.NOT_LINKED, **crawler.placeholders_of_landed_pillars(), **dict.fromkeys(post_only)}
    patterns = crawler.url_patterns()
    missing = sorted(name for name in patterns if name not in reached and name not in excluded)
    assert not missing, (
        "These pages exist in the URLconf but no demo account reaches them through a link or a GET form "
        "(link them, add demo data that leads there, or add them to crawler.NOT_LINKED with a reason):\n"
        + "\n".join(f"- {name} ({patterns[name]})" for name in missing)
    )
    stale = sorted(name for name in crawler.NOT_LINKED if name not in patterns)
    assert not stale, f"crawler.NOT_LINKED names routes that no longer exist: {stale}"

    pages = sum(len(result.visits) for result in results.values())
    seconds = sum(result.seconds for result in results.values())
    print(
        f"\ncrawl: {len(results)} accounts, {pages} pages, {len(reached)} routes reached, "
        f"{len(post_only)} POST-only, {seconds:.1f} s"
    )


def test_the_crawl_reports_a_page_that_fails(demo: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check can fail: a view that raises is reported as a 5xx with its route."""

    def broken(request: Any, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("kapot")

    def patterns(entries: list[Any]) -> Any:
        for entry in entries:
            if isinstance(entry, URLResolver):
                yield from patterns(entry.url_patterns)
            else:
                yield entry

    home = next(p for p in patterns(get_resolver().url_patterns) if p.name == "home")
    monkeypatch.setattr(home, "callback", broken)
    client = Client(raise_request_exception=False)
    client.force_login(Person.objects.get(username="sanne"))
    result = crawler.crawl(client, "sanne")
    assert [(v.route, v.status) for v in result.failures()] == [("home", 500)]
