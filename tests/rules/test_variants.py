"""Variants: only open terms, only within range, and the explanation says where each value came from."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.rules.conftest import SYSTEM, World, rule_set

from opgave.rules import evaluation, services
from opgave.rules.errors import Forbidden, Invalid

D = dt.date(2024, 1, 1)
LINK = "https://lokaleregelgeving.overheid.nl/"


def _publish(world: World, values: dict, actor=None):  # type: ignore[no-untyped-def]
    item = rule_set(world.ministerie)
    return item, services.publish_variant(
        item,
        actor=actor or world.actor(world.sanne),
        organisation=world.arnhem,
        values=values,
        geldig_van=D,
        regulation_title="Verordening Arnhem",
        regulation_url=LINK,
    )


def test_a_variant_that_changes_a_non_open_term_is_refused(world: World) -> None:
    with pytest.raises(Invalid) as caught:
        _publish(world, {"factor": 3, "x": 5})
    assert caught.value.errors == [
        {
            "field": "values.x",
            "message": "Dit is geen open norm; een variant kan alleen open normen invullen.",
        }
    ]


@pytest.mark.parametrize("value", [0, 11, "veel", True, None])
def test_a_value_out_of_range_is_refused_naming_the_range(world: World, value: object) -> None:
    with pytest.raises(Invalid) as caught:
        _publish(world, {"factor": value})
    assert caught.value.errors[0]["field"] == "values.factor"


def test_out_of_range_message_states_the_allowed_range(world: World) -> None:
    with pytest.raises(Invalid, match="van 1 tot en met 10"):
        _publish(world, {"factor": 11})


def test_a_variant_is_published_only_for_an_own_organisation(world: World) -> None:
    with pytest.raises(Forbidden):
        _publish(world, {"factor": 3}, actor=world.actor(world.otto))


def test_evaluation_uses_the_variant_and_says_which_values_came_from_it(world: World) -> None:
    item, version = _publish(world, {"factor": 5})
    national = evaluation.evaluate(item, actor=SYSTEM, inputs={"x": 3}, day=D)
    local = evaluation.evaluate(
        item, actor=SYSTEM, inputs={"x": 3}, day=D, variant_id=str(version.variant.uuid)
    )
    assert national.outputs["klasse"] == "laag" and local.outputs["klasse"] == "hoog"
    assert national.sources[0]["bron"] == "landelijk model" and national.sources[0]["waarde"] == 2
    assert (
        local.sources[0] | {"bron": "variant", "waarde": 5, "regeling": "Verordening Arnhem", "link": LINK}
        == local.sources[0]
    )
    assert local.receipt["variant"] == str(version.variant.uuid) and local.receipt["variant_versie"] == 1


def test_the_caller_cannot_override_an_open_term(world: World) -> None:
    item = rule_set(world.ministerie)
    with pytest.raises(Invalid) as caught:
        evaluation.evaluate(item, actor=SYSTEM, inputs={"x": 3, "factor": 9}, day=D)
    assert {"field": "inputs.factor", "message": "Dit veld kent het model niet."} in caught.value.errors
