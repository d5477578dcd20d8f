"""Knowledge circles: invitations, membership requests, meetings, threads and linked lessons."""

from __future__ import annotations

import datetime as dt

import pytest

from opgave.core.exceptions import Conflict, PermissionDenied
from opgave.learning import selectors, services

from .conftest import World, act


@pytest.fixture
def circle(world: World):  # type: ignore[no-untyped-def]
    return services.create_circle(actor=act(world.anna), name="Kring schulden", purpose="Leren van elkaar")


def test_the_founder_leads_invites_and_decides_requests(world: World, circle) -> None:  # type: ignore[no-untyped-def]
    assert selectors.circle_members(act(world.anna), circle).get().role == "trekker"
    invitation = services.invite(actor=act(world.anna), circle=circle, person=world.eddy)
    with pytest.raises(PermissionDenied):
        services.answer_invitation(actor=act(world.otto), member=invitation, accept=True)
    services.answer_invitation(actor=act(world.eddy), member=invitation, accept=True)
    request = services.request_membership(actor=act(world.otto), circle=circle, message="Mag ik?")
    with pytest.raises(PermissionDenied):
        services.decide_request(actor=act(world.eddy), member=request, accept=True)
    services.decide_request(actor=act(world.anna), member=request, accept=True)
    assert {m.person.username for m in selectors.circle_members(act(world.otto), circle)} == {
        "anna",
        "eddy",
        "otto",
    }
    with pytest.raises(Conflict):
        services.request_membership(actor=act(world.otto), circle=circle)


def test_meetings_and_threads_are_for_members_only(world: World, circle) -> None:  # type: ignore[no-untyped-def]
    services.add_meeting(
        actor=act(world.anna),
        circle=circle,
        title="Eerste",
        held_on=dt.date(2026, 1, 1),
        agenda="Kennismaken",
    )
    thread = services.start_thread(actor=act(world.anna), circle=circle, title="Vraag", body="Wie weet dit?")
    with pytest.raises(PermissionDenied):
        services.reply(actor=act(world.otto), thread=thread, body="Ik")
    with pytest.raises(PermissionDenied):
        selectors.thread(act(world.otto), thread.uuid)
    with pytest.raises(PermissionDenied):
        services.add_meeting(actor=act(world.otto), circle=circle, title="x", held_on=dt.date(2026, 1, 1))
    services.reply(actor=act(world.anna), thread=thread, body="Ik weet het")
    assert [p.body for p in selectors.thread(act(world.anna), thread.uuid).posts.all()] == [
        "Wie weet dit?",
        "Ik weet het",
    ]


def test_a_circle_links_only_lessons_its_member_can_see(world: World, circle) -> None:  # type: ignore[no-untyped-def]
    private = services.record_lesson(actor=act(world.eddy), collaboration=world.wonen, title="Geheim")
    with pytest.raises(PermissionDenied):
        services.link_lesson(actor=act(world.anna), circle=circle, lesson=private)
    shared = services.record_lesson(
        actor=act(world.anna), collaboration=world.schulden, title="Gedeeld", visibility="platform"
    )
    services.link_lesson(actor=act(world.anna), circle=circle, lesson=shared)
    assert list(selectors.circle_lessons(act(world.otto), circle)) == [shared]
