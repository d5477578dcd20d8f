"""The demo scenario: loads through the core loader, is idempotent and tells the intended story."""

from __future__ import annotations

from typing import Any

import pytest

from opgave.collaborations import selectors
from opgave.collaborations.demo import DEBTS, OTHERS, PROGRAMME
from opgave.collaborations.models import Collaboration, Programme, SessionStatus
from opgave.core import demo_loader
from opgave.core.models import Person


@pytest.fixture
def demo(demo_once: None, db: Any, settings: Any) -> None:
    """The demo, loaded once for this module (``demo_once``); each test runs in a savepoint."""
    settings.DEMO_MODE = True


def test_demo_tells_the_story_of_idling_turning_into_acceleration(demo: None) -> None:
    item = Collaboration.objects.get(name=DEBTS)
    sanne = Person.objects.get(username="sanne")
    assert item.versions.count() == 3
    session = item.sessions.get()
    assert session.status == SessionStatus.AGREED
    assert session.divergence["divergence"] > 0.6  # clearly divergent formulations
    result = selectors.diagnostics(sanne, item)
    labels = [point.label for point in result.series]
    assert "stationair" in labels[:6]
    assert labels[-1] == "in beweging"
    assert result.phase.phase == "versnellend"
    assert result.matrix.lessons == 4
    pulse = selectors.pulse_trend(sanne, item)
    assert [p.responses for p in pulse] == [5, 5, 5, 5]
    assert pulse[-1].means["relaties"] > pulse[0].means["relaties"]
    assert {d.collaboration.name for d in selectors.due_reviews(sanne)} >= {DEBTS}
    programme = Programme.objects.get(name=PROGRAMME)
    assert set(programme.collaborations.values_list("name", flat=True)) == {DEBTS, *OTHERS}


def test_demo_load_is_idempotent_and_resettable(demo: None) -> None:
    demo_loader.load()
    assert Collaboration.objects.filter(name=DEBTS).count() == 1
    demo_loader.reset()
    assert Collaboration.objects.filter(name=DEBTS).count() == 1
    assert Programme.objects.filter(name=PROGRAMME).count() == 1


def test_the_agreed_demo_design_shows_the_relation_between_the_levels_and_the_connector(demo: None) -> None:
    """The step-4 relation between centre and region and the neutral connector are in an agreed
    version (not only in the working draft): the read-mode overview and the comparison show them."""
    from django.test import Client

    item = Collaboration.objects.get(name=DEBTS)
    current = item.versions.order_by("-number").first()
    assert current is not None
    step4 = current.data["step4"]
    assert step4["centre_position"] == "boven" and step4["neutral_connector"]
    client = Client()
    client.force_login(Person.objects.get(username="sanne"))
    overview = client.get(f"/samenwerkingen/{item.uuid}/").content.decode()
    assert "Onafhankelijk voorzitter van de werkgroep schulden" in overview
    compare = client.get(f"/samenwerkingen/{item.uuid}/versies/vergelijk/?oud=1&nieuw=2").content.decode()
    assert "neutrale verbinder" in compare.lower()
