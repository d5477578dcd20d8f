"""The demo scenario: five organisations see five different subsets, a match, an overdue obligation;
every dossier page answers for every demo account (no 5xx; 403 where the account takes no part)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from opgave.core import demo_loader
from opgave.core.actors import Actor
from opgave.core.models import Person
from opgave.dossiers import selectors
from opgave.dossiers.demo import TITLE
from opgave.dossiers.models import Dossier, Obligation


@pytest.fixture
def demo(demo_once: None, db: Any, settings: Any) -> Dossier:
    """The demo, loaded once for this module (``demo_once``); each test runs in a savepoint."""
    settings.DEMO_MODE = True
    return Dossier.objects.get(title=TITLE)


def _seen(username: str, dossier: Dossier) -> frozenset[str]:
    person = Person.objects.get(username=username)
    actor = Actor.for_person(person, organisation=person.memberships.first().organisation)  # type: ignore[union-attr]
    _d, part = selectors.dossier(actor, dossier.uuid)
    return frozenset(v.title for v in selectors.timeline(actor, part))


def test_five_organisations_see_five_different_subsets(demo: Dossier) -> None:
    subsets = {name: _seen(name, demo) for name in ("sanne", "fatima", "yara", "ilse", "ruud")}
    assert len(set(subsets.values())) == 5
    assert "Melding huiselijk geweld" in subsets["fatima"]
    assert "Melding huiselijk geweld" not in subsets["ilse"]
    assert subsets["ruud"] == frozenset()  # the Raad's own purpose covers no entry yet


def test_demo_has_a_match_and_an_overdue_obligation(demo: Dossier) -> None:
    for username in ("lotte", "sanne"):
        person = Person.objects.get(username=username)
        actor = Actor.for_person(person, organisation=person.memberships.first().organisation)  # type: ignore[union-attr]
        assert len(selectors.matches(actor)) == 1
    overdue = Obligation.objects.filter(
        dossier=demo, status="open", due_date__lt=timezone.localdate(), code="raad-informeren"
    )
    assert overdue.exists()


def test_demo_load_is_idempotent_and_resettable(demo: Dossier) -> None:
    demo_loader.load()
    assert Dossier.objects.filter(title=TITLE).count() == 1
    demo_loader.reset()  # removes the demo data, then loads it afresh
    fresh = Dossier.objects.get(title=TITLE)
    assert fresh.uuid != demo.uuid


def _links(html: str) -> set[str]:
    return set(re.findall(r'href="(/dossiers/[^"#?]*)"', html))


def test_every_dossier_page_answers_for_every_demo_account(demo: Dossier) -> None:
    for person in Person.objects.filter(is_demo=True):
        client = Client()
        client.force_login(person)
        seen: set[str] = set()
        todo = {"/dossiers/", f"/dossiers/{demo.uuid}/", f"/dossiers/{demo.uuid}/deelnemen/"}
        while todo:
            url = todo.pop()
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url)
            assert response.status_code < 500, (person.username, url, response.status_code)
            assert response.status_code in (200, 403), (person.username, url, response.status_code)
            if response.status_code == 200 and "text/html" in response["Content-Type"]:
                todo |= _links(response.content.decode()) - seen
        assert "/dossiers/werklijst/" in seen and "/dossiers/signalen/" in seen
