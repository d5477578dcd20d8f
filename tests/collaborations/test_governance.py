"""Who may open a session and change a collaboration's owners, region and programme (issue #7,
defect 2): a plain member of a participating organisation took a collaboration over by opening a
session (becoming "facilitator") and then PATCHing its owners; the audit said ``{"fields": []}``.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.collaborations.conftest import World, make_person
from tests.core.factories import act

from opgave.collaborations import selectors, services
from opgave.collaborations.models import Collaboration, Session
from opgave.core.exceptions import PermissionDenied
from opgave.core.models import AuditRecord, Membership

API = "/api/v1"


def client_for(person: Any) -> Client:
    client = Client()
    client.force_login(person)
    return client


def patch(client: Client, item: Collaboration, body: dict[str, Any]) -> Any:
    etag = client.get(f"{API}/collaborations/{item.uuid}").headers["ETag"]
    return client.patch(
        f"{API}/collaborations/{item.uuid}",
        data=json.dumps(body),
        content_type="application/json",
        headers={"If-Match": etag},
    )


def make_admin(world: World) -> Any:
    """An administrator of the owner organisation (Utrecht)."""
    person = make_person("beheerder_utrecht", world.utrecht)
    Membership.objects.filter(person=person).update(role=Membership.Role.ADMIN)
    return person


def test_a_member_of_a_participating_organisation_cannot_open_a_session(world: World) -> None:
    bram = client_for(world.bram)  # Zeist takes part; Utrecht owns
    reply = bram.post(
        f"{API}/collaborations/{world.collaboration.uuid}/sessions",
        data=json.dumps({"title": "Overname", "participants": [str(world.bram.uuid), str(world.anna.uuid)]}),
        content_type="application/json",
    )
    assert reply.status_code == 403, reply.content
    assert not Session.objects.filter(title="Overname").exists()
    assert AuditRecord.objects.filter(action="collaboration.session.create", result="denied").exists()


def test_a_session_facilitator_cannot_change_owners_region_or_programme(world: World) -> None:
    """Even a session he facilitates (opened before this rule) gives him no say over the collaboration."""
    item = world.collaboration
    Session.objects.create(
        collaboration=item, title="Oud", facilitator=world.bram, opened_at=timezone.now(), steps=[1, 2]
    )
    bram = client_for(world.bram)
    for body in ({"owners": [str(world.zeist.uuid)]}, {"region": []}, {"status": "beeindigd"}):
        reply = patch(bram, item, body)
        assert reply.status_code == 403, (body, reply.content)
    item.refresh_from_db()
    assert list(item.owners.all()) == [world.utrecht]
    assert item.status == "verkennend"


def test_an_owner_member_changes_public_fields_but_not_owners(world: World) -> None:
    anna = client_for(world.anna)  # a plain member ("lid") of the owner
    assert patch(anna, world.collaboration, {"status": "actief"}).status_code == 200
    reply = patch(anna, world.collaboration, {"owners": [str(world.utrecht.uuid), str(world.zeist.uuid)]})
    assert reply.status_code == 403
    assert list(world.collaboration.owners.all()) == [world.utrecht]


def test_every_changed_field_is_in_the_audit_record_with_its_old_and_new_value(world: World) -> None:
    admin = make_admin(world)
    reply = patch(
        client_for(admin),
        world.collaboration,
        {
            "status": "actief",
            "owners": [str(world.utrecht.uuid), str(world.zeist.uuid)],
            "region": [str(world.utrecht.uuid)],
        },
    )
    assert reply.status_code == 200, reply.content
    record = AuditRecord.objects.filter(action="collaboration.update", result="success").latest("seq")
    changes = record.detail["changes"]
    assert changes["status"] == {"oud": "verkennend", "nieuw": "actief"}
    assert [o["name"] for o in changes["owners"]["oud"]] == ["Gemeente Utrecht"]
    assert [o["name"] for o in changes["owners"]["nieuw"]] == ["Gemeente Utrecht", "Gemeente Zeist"]
    assert [o["name"] for o in changes["region"]["nieuw"]] == ["Gemeente Utrecht"]
    assert record.actor == admin


def test_an_owner_administrator_cannot_remove_another_owner(world: World) -> None:
    admin = make_admin(world)
    services.update_collaboration(
        world.collaboration,
        expected_revision=world.collaboration.revision,
        owners=[world.utrecht, world.zeist],
        actor=act(admin),
    )
    zeist_admin = make_person("beheerder_zeist", world.zeist)
    Membership.objects.filter(person=zeist_admin).update(role=Membership.Role.ADMIN)
    item = Collaboration.objects.get(pk=world.collaboration.pk)
    with pytest.raises(PermissionDenied):
        services.update_collaboration(
            item, expected_revision=item.revision, owners=[world.zeist], actor=act(zeist_admin)
        )
    assert set(item.owners.all()) == {world.utrecht, world.zeist}
    # but Zeist's administrator may take Zeist itself out
    services.update_collaboration(
        item, expected_revision=item.revision, owners=[world.utrecht], actor=act(zeist_admin)
    )
    assert list(item.owners.all()) == [world.utrecht]


def test_programme_owners_see_diagnostics_only_when_the_owners_agree(world: World) -> None:
    ministry_person = make_person("programmaleider", world.ministerie)
    programme = services.create_programme(
        name="Landelijk schuldenprogramma",
        description="",
        owners=[world.ministerie],
        actor=act(ministry_person),
    )
    admin = make_admin(world)
    item = services.update_collaboration(
        world.collaboration,
        expected_revision=world.collaboration.revision,
        programme=programme,
        actor=act(admin),
    )
    rows = dict(selectors.programme_overview(ministry_person, programme))
    assert rows[item] is None, "attached to a programme without consent: diagnostics stay private"
    item = services.update_collaboration(
        item, expected_revision=item.revision, share_diagnostics_with_programme=True, actor=act(admin)
    )
    assert dict(selectors.programme_overview(ministry_person, programme))[item] is not None
    record = AuditRecord.objects.filter(action="collaboration.update").latest("seq")
    assert record.detail["changes"]["share_diagnostics_with_programme"] == {"oud": False, "nieuw": True}
    # another programme: the consent was given for the old one and lapses
    other = services.create_programme(
        name="Ander programma", description="", owners=[world.ministerie], actor=act(ministry_person)
    )
    item = services.update_collaboration(
        item, expected_revision=item.revision, programme=other, actor=act(admin)
    )
    assert item.share_diagnostics_with_programme is False


def test_only_owner_administrators_give_the_consent(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.update_collaboration(
            world.collaboration,
            expected_revision=world.collaboration.revision,
            share_diagnostics_with_programme=True,
            actor=act(world.anna),
        )
