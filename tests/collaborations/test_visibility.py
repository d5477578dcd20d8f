"""Deny by default: private parts for participants and facilitators, unrevealed answers for their author."""

from __future__ import annotations

import pytest
from tests.collaborations.conftest import World
from tests.collaborations.test_services import run_session
from tests.core.factories import act

from opgave.collaborations import selectors, services
from opgave.core.exceptions import NotFound, PermissionDenied


def test_public_fields_are_listed_for_everyone_logged_in(world: World) -> None:
    assert list(selectors.collaborations(world.otto)) == [world.collaboration]
    assert list(selectors.collaborations(world.otto, query="schulden")) == [world.collaboration]
    assert selectors.my_collaborations(world.otto).count() == 0


def test_anonymous_sees_nothing(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        selectors.collaborations(AnonymousUser())


def test_private_parts_are_for_participants_and_facilitators(world: World) -> None:
    item = world.collaboration
    for reader in (world.anna, world.bram, world.carla):
        assert selectors.design(reader, item).step2.parties
    for call in (
        selectors.design,
        selectors.versions,
        selectors.sessions,
        selectors.activities,
        selectors.diagnostics,
    ):
        with pytest.raises(PermissionDenied):
            call(world.otto, item)


def test_unknown_ids_are_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        selectors.collaboration(world.anna, "not-a-uuid")


def test_unrevealed_answers_are_visible_only_to_their_author(world: World) -> None:
    session = run_session(world)
    for person in (world.anna, world.bram, world.carla):
        answers = list(selectors.visible_answers(person, session))
        assert [a.author for a in answers] == [person]
    assert selectors.answered_count(session) == 3
    with pytest.raises(PermissionDenied):
        selectors.session(world.otto, session.uuid)
    services.reveal(session, actor=act(world.anna))
    session.refresh_from_db()
    assert len(selectors.visible_answers(world.bram, session)) == 3


def test_a_facilitator_from_outside_sees_the_collaboration(world: World) -> None:
    world.collaboration.facilitators.add(world.otto)
    assert selectors.design(world.otto, world.collaboration) is not None
