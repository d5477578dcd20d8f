"""The health pulse: validation, trend per window, service, API and page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from tests.collaborations.conftest import World
from tests.core.factories import act

from opgave.collaborations import pulse, selectors, services
from opgave.core.exceptions import Invalid, PermissionDenied

NOW = datetime(2026, 11, 1, tzinfo=UTC)
ALL_THREE = dict.fromkeys(pulse.ITEMS, 3)


def test_every_statement_needs_an_answer_from_one_to_five() -> None:
    assert pulse.validate(ALL_THREE) == []
    problems = pulse.validate({**ALL_THREE, "inhoud": 7, "onzin": 2})
    assert {p["field"] for p in problems} == {"inhoud", "onzin"}
    assert pulse.validate({k: v for k, v in ALL_THREE.items() if k != "cultuur"})[0]["field"] == "cultuur"


def test_trend_is_the_mean_per_window_oldest_first() -> None:
    responses = [
        (NOW - timedelta(days=300), {**ALL_THREE, "relaties": 2}),
        (NOW - timedelta(days=10), {**ALL_THREE, "relaties": 4}),
        (NOW - timedelta(days=20), {**ALL_THREE, "relaties": 5}),
    ]
    points = pulse.trend(responses, NOW)
    assert [p.responses for p in points] == [1, 0, 0, 2]
    assert points[0].means["relaties"] == 2.0
    assert points[1].means["relaties"] is None
    assert points[-1].means["relaties"] == 4.5


def test_participants_answer_and_outsiders_cannot(world: World) -> None:
    services.submit_pulse(world.collaboration, scores=ALL_THREE, actor=act(world.bram))
    with pytest.raises(Invalid):
        services.submit_pulse(world.collaboration, scores={"inhoud": 3}, actor=act(world.bram))
    with pytest.raises(PermissionDenied):
        services.submit_pulse(world.collaboration, scores=ALL_THREE, actor=act(world.otto))
    assert selectors.pulse_trend(world.anna, world.collaboration)[-1].responses == 1
    with pytest.raises(PermissionDenied):
        selectors.pulse_trend(world.otto, world.collaboration)


def test_pulse_over_the_api_and_the_page(world: World) -> None:
    client = Client()
    client.force_login(world.carla)
    url = f"/api/v1/collaborations/{world.collaboration.uuid}/pulse"
    assert client.post(url, {"scores": {"inhoud": 9}}, content_type="application/json").status_code == 422
    created = client.post(url, {"scores": ALL_THREE}, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["trend"][-1]["means"]["inhoud"] == 3.0
    page = client.post(
        reverse("collaborations:pulse", args=[world.collaboration.uuid]), dict.fromkeys(pulse.ITEMS, "4")
    )
    assert page.status_code == 302
    html = client.get(reverse("collaborations:diagnostics", args=[world.collaboration.uuid])).content.decode()
    assert "Gezondheidspuls per kwartaal" in html and "3,50" in html
