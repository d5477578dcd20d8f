"""Diagnostics are fair to a new collaboration (issue 9, section 5)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from tests.collaborations.conftest import PASSWORD, World, make_person
from tests.core.factories import act

from opgave.collaborations import diagnostics as diag
from opgave.collaborations import selectors, services
from opgave.collaborations.models import Collaboration
from opgave.core import demo_loader
from opgave.core.exceptions import Invalid
from opgave.core.models import Person

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def test_a_collaboration_created_today_is_too_early_to_judge_and_says_what_it_waits_for() -> None:
    history = diag.History(
        events=(diag.Event(NOW - timedelta(hours=2), "meeting"),) * 5, started=NOW - timedelta(hours=3)
    )
    series = diag.idling_series(history, NOW)
    assert len(series) == 1  # the chart starts at the creation, not a year before it
    assert series[0].label == "te vroeg"
    ready = diag.maturity(history, NOW)
    assert not ready.idling_ready and not ready.matrix_ready
    result = diag.phase(series, None, [], ready)
    assert result.phase == "te-vroeg" and result.label == "Nog te vroeg om te beoordelen"
    assert "29 januari 2027" in result.reason and "minder dan een dag" in result.reason  # 90 days on
    assert any("doelen" in w for w in ready.waiting_for) and any("lessen" in w for w in ready.waiting_for)
    matrix = diag.doing_learning(history, NOW)
    assert matrix.quadrant == "te-vroeg" and "zonder waarde" not in matrix.label
    assert len(diag.doing_learning_history(history, NOW)) == 1


def test_after_the_minimum_history_the_judgement_comes() -> None:
    history = diag.History(
        events=(diag.Event(NOW - timedelta(days=5), "meeting"),) * 5, started=NOW - timedelta(days=200)
    )
    ready = diag.maturity(history, NOW)
    assert ready.idling_ready and ready.matrix_ready and ready.waiting_for == ()
    series = diag.idling_series(history, NOW)
    assert 6 <= len(series) <= 7 and series[0].end >= history.started
    assert diag.phase(series, None, [], ready).phase == "stationair"
    assert diag.doing_learning(history, NOW).label.endswith("zonder waarde")


def test_the_diagnostics_page_of_a_new_collaboration_is_not_a_verdict(world: World) -> None:
    client = Client()
    assert client.login(username="anna", password=PASSWORD)
    item = services.create_collaboration(
        name="Nieuw", opgave="Iets nieuws.", owners=[world.utrecht], actor=act(world.anna)
    )
    page = client.get(f"/samenwerkingen/{item.uuid}/diagnose/").content.decode()
    assert "Nog te vroeg om te beoordelen" in page
    assert "Fase: Stationair draaien" not in page and "zonder waarde</strong>" not in page
    api = client.get(f"/api/v1/collaborations/{item.uuid}/diagnostics").json()
    assert api["phase"] == "te-vroeg" and api["matrix"]["quadrant"] == "te-vroeg" and api["waiting_for"]


def test_a_programme_owner_who_does_not_take_part_sees_no_quadrant_verdict(world: World) -> None:
    from opgave.collaborations.models import Programme

    programme = services.create_programme(
        name="Landelijk", description="", owners=[world.outsider_org], actor=act(world.otto)
    )
    Collaboration.objects.filter(pk=world.collaboration.pk).update(
        programme=programme,
        created_at=datetime.now(UTC) - timedelta(days=400),
        share_diagnostics_with_programme=True,  # the owners agreed to share (issue #7)
    )
    rows = selectors.programme_overview(world.otto, Programme.objects.get(pk=programme.pk))
    ((_item, d),) = rows
    assert (
        d is not None and d.matrix.quadrant == "" and d.matrix.label == "Alleen zichtbaar voor de deelnemers"
    )
    own = selectors.programme_overview(world.anna, Programme.objects.get(pk=programme.pk))
    assert own[0][1] is not None and own[0][1].matrix.quadrant == "weinig-weinig"


# --- the one-click review session on every demo collaboration ---------------------------------


@pytest.fixture
def demo(db: Any, settings: Any) -> None:
    settings.DEMO_MODE = True
    demo_loader.load()


def test_one_click_review_works_on_every_demo_collaboration_or_says_in_dutch_what_is_missing(
    demo: None,
) -> None:
    for item in Collaboration.objects.all():
        facilitator = item.facilitators.first()
        assert facilitator is not None
        try:
            session = services.start_review_session(item, actor=act(facilitator))
        except Invalid as exc:
            assert "tweede deelnemer" in exc.detail
            assert not re.search(r"\b(participants|field|steps)\b", exc.detail)
        else:
            assert session.participants.count() >= 2


def test_review_without_a_second_participant_explains_and_leads_to_the_fix(world: World) -> None:
    lone = make_person("lone", world.ministerie)
    item = services.create_collaboration(
        name="Alleen", opgave="Alleen ik.", owners=[world.ministerie], actor=act(lone)
    )
    with pytest.raises(Invalid, match="Voeg eerst een tweede deelnemer toe"):
        services.start_review_session(item, actor=act(lone))
    client = Client()
    assert client.login(username="lone", password=PASSWORD)
    reply = client.post(f"/samenwerkingen/{item.uuid}/herijken/", follow=True)
    assert reply.redirect_chain[-1][0] == f"/samenwerkingen/{item.uuid}/deelnemers/"
    page = reply.content.decode()
    assert "Voeg eerst een tweede deelnemer toe" in page and "participants" not in page
    assert Person.objects.filter(username="lone").exists()
