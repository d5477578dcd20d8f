"""Signals and matching: no content crosses, the same subject is recognised across organisations,
signals expire, withdrawn ones never match."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from opgave.dossiers import errors, selectors, services
from opgave.dossiers.models import Signal, SignalMatch

from .conftest import BSN_CHILD, BSN_OTHER, World


def test_second_organisation_about_the_same_person_makes_a_match_for_both(world: World) -> None:
    services.register_signal(actor=world.actor("school"), bsn=BSN_CHILD, purpose="t-onderwijs")
    assert selectors.matches(world.actor("school")) == []
    services.register_signal(actor=world.actor("ggz"), bsn=" " + BSN_CHILD, purpose="t-ggz")
    school = selectors.matches(world.actor("school"))
    ggz = selectors.matches(world.actor("ggz"))
    assert [m.organisation for m in school] == [world.orgs["ggz"]]
    assert [m.organisation for m in ggz] == [world.orgs["school"]]
    assert school[0].contact_email == world.people["ggz"].email
    assert selectors.matches(world.actor("outsider")) == []


def test_a_match_tells_nothing_but_organisation_and_contact(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    services.register_signal(actor=world.actor("school"), bsn=BSN_CHILD, purpose="t-onderwijs")
    with django_capture_on_commit_callbacks(execute=True):
        services.register_signal(actor=world.actor("ggz"), bsn=BSN_CHILD, purpose="t-ggz")
    match = selectors.matches(world.actor("school"))[0]
    assert set(match.__dataclass_fields__) == {
        "uuid",
        "created_at",
        "my_signal",
        "organisation",
        "contact_name",
        "contact_email",
        "dossier_uuid",
        "dossier_reference",
    }
    assert match.dossier_uuid is None  # the school already takes part in the only dossier about this child
    response = world.client("school").get("/api/v1/signal-matches")
    body = response.content.decode()
    assert BSN_CHILD not in body and "t-ggz" not in body and "Doel t-ggz" not in body
    from opgave.notifications.models import Notification

    told = Notification.objects.filter(kind="dossier.signal.match")
    assert {n.recipient for n in told} == {world.people["school"], world.people["ggz"]}
    for note in told:
        assert BSN_CHILD not in note.body + note.title and "t-ggz" not in note.body


def test_different_people_and_the_same_organisation_do_not_match(world: World) -> None:
    services.register_signal(actor=world.actor("school"), bsn=BSN_CHILD, purpose="t-onderwijs")
    services.register_signal(actor=world.actor("ggz"), bsn=BSN_OTHER, purpose="t-ggz")
    again = services.register_signal(actor=world.actor("school"), bsn=BSN_CHILD, purpose="t-onderwijs")
    assert SignalMatch.objects.count() == 0
    assert Signal.objects.filter(organisation=world.orgs["school"]).count() == 1  # renewed, not doubled
    assert again.expires_at > timezone.now() + dt.timedelta(days=700)


def test_expired_and_withdrawn_signals_do_not_match(world: World, settings: object) -> None:
    old = services.register_signal(
        actor=world.actor("school"),
        bsn=BSN_CHILD,
        purpose="t-onderwijs",
        now=timezone.now() - dt.timedelta(days=731),
    )
    assert old.expires_at < timezone.now()
    services.register_signal(actor=world.actor("ggz"), bsn=BSN_CHILD, purpose="t-ggz")
    assert SignalMatch.objects.count() == 0
    mine = services.register_signal(actor=world.actor("raad"), bsn=BSN_OTHER, purpose="t-raad")
    services.withdraw_signal(actor=world.actor("raad"), signal=mine)
    services.register_signal(actor=world.actor("ggz"), bsn=BSN_OTHER, purpose="t-ggz")
    assert SignalMatch.objects.count() == 0


def test_signal_days_setting_sets_the_expiry(world: World, settings: object) -> None:
    settings.DOSSIER_SIGNAL_DAYS = 10  # type: ignore[attr-defined]
    signal = services.register_signal(actor=world.actor("school"), bsn=BSN_CHILD, purpose="t-onderwijs")
    assert signal.expires_at - signal.registered_at == dt.timedelta(days=10)


@pytest.mark.parametrize("bsn", ["123456789", "12345678a", "", "000000000"])
def test_an_invalid_bsn_is_refused_with_a_dutch_message(world: World, bsn: str) -> None:
    with pytest.raises(errors.Invalid, match="elfproef"):
        services.register_signal(actor=world.actor("school"), bsn=bsn, purpose="t-onderwijs")


def test_an_organisation_cannot_signal_under_another_controllers_purpose(world: World) -> None:
    with pytest.raises(errors.Invalid):
        services.register_signal(actor=world.actor("school"), bsn=BSN_CHILD, purpose="t-ggz")
