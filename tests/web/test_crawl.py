"""The page crawl through Django's test client: with the demo loaded, every demo account and an
anonymous visitor follow every same-site link and GET form from the start page. No page may
answer 5xx, and every page route of the URLconf must be reached by at least one of them.

The accounts are crawled in :data:`SHARDS` tests (anonymous first, then the demo accounts by
username, dealt round-robin), so pytest-xdist spreads the crawl over its workers. The demo is
loaded once per module and worker (``demo_once``). Each shard writes the routes its accounts
reached to a directory shared by the whole run (:func:`_run_directory`); the shard that finishes
last — whichever worker runs it — finds all :data:`SHARDS` reports there and checks that their
union covers the URLconf. Run a single shard (``-k``) and the coverage check is not made.

Console errors and axe-core run in ``tests/browser/test_page_crawl_in_chromium.py`` on one page per route and
page variant. The figures (accounts, pages, time) are printed with ``-s``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver
from tests.web import crawler

from opgave.core.models import Person

SHARDS = 6
ANONYMOUS = "(anoniem)"


@pytest.fixture
def demo(demo_once: None, db: Any, settings: Any) -> None:
    """The demo, loaded once for this module (``demo_once``); each test runs in a savepoint."""
    settings.DEMO_MODE = True


def accounts_of(shard: int) -> list[str]:
    """The accounts shard ``shard`` crawls: every :data:`SHARDS`-th of anonymous + the demo accounts."""
    usernames = Person.objects.filter(is_demo=True, is_active=True).order_by("username")
    everyone = [ANONYMOUS, *usernames.values_list("username", flat=True)]
    return everyone[shard::SHARDS]


def crawl_as(account: str, documents: set[str]) -> crawler.Crawl:
    client = Client(raise_request_exception=False)
    if account != ANONYMOUS:
        client.force_login(Person.objects.get(username=account))
    return crawler.crawl(client, account, documents=documents)


def _run_directory(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory of this test run that every xdist worker sees (each worker's base temporary
    directory is a subdirectory of the controller's, which is new for every run)."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    directory = shared / "page-crawl"
    directory.mkdir(exist_ok=True)
    return directory


def _report(directory: Path, shard: int, report: dict[str, list[str]]) -> None:
    """Write a shard's report atomically (rename), so a reader never sees half of it."""
    partial = directory / f"shard-{shard}.json.partial"
    partial.write_text(json.dumps(report))
    partial.rename(directory / f"shard-{shard}.json")


def _all_reports(directory: Path) -> list[dict[str, list[str]]] | None:
    """Every shard's report, or ``None`` while a shard has not finished."""
    paths = [directory / f"shard-{shard}.json" for shard in range(SHARDS)]
    if not all(path.exists() for path in paths):
        return None
    return [json.loads(path.read_text()) for path in paths]


def assert_every_route_is_reached(reports: list[dict[str, list[str]]]) -> None:
    accounts = [account for report in reports for account in report["accounts"]]
    assert len(accounts) >= 9, "the demo should have at least eight accounts besides the anonymous visitor"
    reached = {route for report in reports for route in report["reached"]}
    post_only = {route for report in reports for route in report["post_only"]}
    excluded = {**crawler.NOT_LINKED, **crawler.placeholders_of_landed_pillars(), **dict.fromkeys(post_only)}
    patterns = crawler.url_patterns()
    missing = sorted(name for name in patterns if name not in reached and name not in excluded)
    assert not missing, (
        "These pages exist in the URLconf but no demo account reaches them through a link or a GET form "
        "(link them, add demo data that leads there, or add them to crawler.NOT_LINKED with a reason):\n"
        + "\n".join(f"- {name} ({patterns[name]})" for name in missing)
    )


@pytest.mark.parametrize("shard", range(SHARDS), ids=lambda shard: f"shard{shard}")
def test_every_page_answers_for_every_demo_account_and_every_route_is_reached(
    demo: None, shard: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    accounts = accounts_of(shard)
    assert accounts, f"shard {shard} has no account: lower SHARDS to at most the number of accounts"
    documents: set[str] = set()
    results = {account: crawl_as(account, documents) for account in accounts}

    # POST-only targets are recognised by the 405 a GET gets, asked as sanne (any account would do).
    sanne = Client(raise_request_exception=False)
    sanne.force_login(Person.objects.get(username="sanne"))
    report = {
        "accounts": accounts,
        "reached": sorted(set().union(*(result.routes() for result in results.values()))),
        "post_only": sorted(set().union(*(result.post_only(sanne) for result in results.values()))),
    }
    directory = _run_directory(tmp_path_factory)
    _report(directory, shard, report)

    failures = [v for result in results.values() for v in result.failures()]
    assert not failures, "Pages answered 5xx:\n" + "\n".join(
        f"- {v.status} {v.url} ({v.route}) as {v.account}" for v in failures
    )

    pages = sum(len(result.visits) for result in results.values())
    seconds = sum(result.seconds for result in results.values())
    print(f"\ncrawl shard {shard}: {', '.join(accounts)}; {pages} pages, {seconds:.1f} s")

    reports = _all_reports(directory)
    if reports is not None:  # the last shard to finish checks the union of all of them
        assert_every_route_is_reached(reports)
        print(f"crawl: {sum(len(r['accounts']) for r in reports)} accounts, all routes reached")


def test_the_crawl_assigns_every_account_to_exactly_one_shard(demo: None) -> None:
    everyone = [
        ANONYMOUS,
        *Person.objects.filter(is_demo=True, is_active=True).values_list("username", flat=True),
    ]
    dealt = [account for shard in range(SHARDS) for account in accounts_of(shard)]
    assert sorted(dealt) == sorted(everyone) and len(dealt) == len(set(dealt))


def test_the_coverage_check_reports_a_route_nobody_reached() -> None:
    """The check can fail: a route missing from every shard's report is named with its path."""
    patterns = crawler.url_patterns()
    excluded = {**crawler.NOT_LINKED, **crawler.placeholders_of_landed_pillars()}
    linked = sorted(name for name in patterns if name not in excluded)
    reports = [{"accounts": [f"a{i}" for i in range(9)], "reached": linked[1:], "post_only": []}]
    with pytest.raises(AssertionError, match=f"- {linked[0]} "):
        assert_every_route_is_reached(reports)
    assert_every_route_is_reached([{**reports[0], "reached": linked}])


def test_not_linked_names_only_routes_that_exist() -> None:
    patterns = crawler.url_patterns()
    stale = sorted(name for name in crawler.NOT_LINKED if name not in patterns)
    assert not stale, f"crawler.NOT_LINKED names routes that no longer exist: {stale}"


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
