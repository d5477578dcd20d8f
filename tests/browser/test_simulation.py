"""Consequence simulation in a real browser: start zorgtoeslag 2024 against 2025 on a generated
population from the form, watch the page follow the background job (htmx polling, no inline
script), and read the report — axe-core on every page.

The job runs in the platform's real worker (``OpgaveWorker``, django-tasks with the database
backend), in a thread next to the live server. On PostgreSQL it has its own connection; on the
in-memory SQLite test database it shares the test's connection, as Django's live server does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connections
from playwright.sync_api import expect

from opgave.core.actors import Actor
from opgave.ops.worker import OpgaveWorker
from opgave.rules import reference, services

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def start_worker() -> Iterator[Callable[[], None]]:
    worker = OpgaveWorker(
        queue_names=["*"],
        interval=0.2,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-worker",
        excluded_queue_names=[],
        schedule_enabled=False,
    )
    shared = connections["default"]
    in_memory = shared.vendor == "sqlite" and shared.is_in_memory_db()
    threads: list[threading.Thread] = []
    if in_memory:
        shared.inc_thread_sharing()

    def run() -> None:
        if in_memory:
            connections["default"] = shared
        worker.run()

    def start() -> None:
        thread = threading.Thread(target=run, name="simulation-worker", daemon=True)
        thread.start()
        threads.append(thread)

    yield start
    worker.running = False
    for thread in threads:
        thread.join(timeout=30)
    if in_memory:
        shared.dec_thread_sharing()


def test_start_a_simulation_watch_it_run_and_read_the_report(
    page: Any, login: Any, assert_accessible: Any, browser_people: Any, start_worker: Callable[[], None]
) -> None:
    system = Actor.system()
    item = services.create_rule_set(
        actor=system, owner=browser_people.bzk, title="Zorgtoeslag", visibility="openbaar"
    )
    for spec in reference.ZORGTOESLAG["versions"]:
        version = services.add_version(
            item,
            actor=system,
            dmn=spec["file"].read_text(encoding="utf-8"),
            geldig_van=spec["geldig_van"],
            geldig_tot=spec.get("geldig_tot"),
        )
        services.publish_version(version, actor=system)

    login(page, "anna", browser_people.password)
    page.goto(f"/regels/{item.uuid}/")
    page.get_by_role("link", name="Simulaties (gevolgen doorrekenen)").click()
    expect(page.locator("h1")).to_have_text("Simulaties: Zorgtoeslag")
    assert_accessible(page)

    page.get_by_label("Titel").fill("Zorgtoeslag 2025 tegen 2024")
    page.get_by_label("Voor organisatie").select_option(label="Gemeente Utrecht")
    expect(page.get_by_label("Basis: versie")).to_have_value("1")
    expect(page.get_by_label("Voorstel: versie")).to_have_value("2")
    page.get_by_label("Uitkomst die je vergelijkt").select_option("Zorgtoeslag per jaar")
    page.get_by_label("Genereer een synthetische populatie uit CBS-cijfers").check()
    page.get_by_label("Aantal personen").fill("5000")
    page.get_by_label("Zaadgetal").fill("7")
    with page.expect_navigation():
        page.get_by_role("button", name="Simulatie starten").click()

    # Queued: no worker yet. The page polls the progress fragment.
    expect(page.locator("h1")).to_have_text("Zorgtoeslag 2025 tegen 2024")
    expect(page.locator("#simulatie-status")).to_contain_text("In de wachtrij")
    expect(page.locator("progress")).to_be_visible()
    assert_accessible(page)

    start_worker()
    # The worker runs the job; htmx sees it finish and reloads the page with the report.
    expect(page.get_by_role("heading", name="Samenvatting")).to_be_visible(timeout=90_000)
    expect(page.locator("#simulatie-status")).to_contain_text("Klaar")
    summary = page.locator("#samenvatting-titel + p")
    expect(summary).to_contain_text("erop vooruit")
    expect(page.get_by_role("table", name="Per huishoudtype")).to_be_visible()
    expect(page.get_by_role("img", name="Aantal personen per verandering")).to_be_visible()
    # The choropleth: drawn on the server, one path per municipality, its table as text alternative.
    kaart = page.get_by_role("img", name="Kaart: gemiddelde verandering per persoon, per gemeente")
    expect(kaart).to_be_visible()
    expect(kaart.locator("path")).to_have_count(342)
    assert kaart.locator("path:not(.simulation-map__gemeente--leeg)").count() > 50
    assert kaart.locator("path title").count() == 342
    box = kaart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 300
    page.get_by_role("link", name="Tabel bij de kaart").click()
    assert page.evaluate("location.hash") == "#tabel-gemeente"
    expect(page.get_by_role("table", name="Per gemeente")).to_be_visible()
    expect(page.get_by_role("heading", name="Grootste veranderingen")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Je hebt recht op zorgtoeslag")
    assert_accessible(page)

    export = page.request.get(page.get_by_role("link", name="Rapport downloaden (CSV)").get_attribute("href"))
    assert export.ok and export.text().startswith("indeling,groep,code,personen")

    parquet = page.request.get(
        page.get_by_role("link", name="Uitkomst per persoon downloaden (Parquet)").get_attribute("href")
    )
    assert parquet.ok and parquet.body()[:4] == b"PAR1"

    # The printable page: the report without navigation, axe-clean; print media keeps the map.
    page.get_by_role("link", name="Afdrukken / printversie").click()
    expect(page.locator("h1")).to_have_text("Zorgtoeslag 2025 tegen 2024")
    expect(page.locator("nav")).to_have_count(0)
    page.emulate_media(media="print")
    expect(
        page.get_by_role("img", name="Kaart: gemiddelde verandering per persoon, per gemeente")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Terug naar de simulatie")).to_be_hidden()
    page.emulate_media(media="screen")
    assert_accessible(page)
    page.get_by_role("link", name="Terug naar de simulatie").click()

    # The list shows it, finished.
    page.get_by_role("link", name="Simulaties", exact=True).click()
    expect(page.get_by_role("table")).to_contain_text("Zorgtoeslag 2025 tegen 2024")
    assert_accessible(page)
