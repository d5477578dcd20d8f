"""Invitations and requests to join over the API: the flows people use, and what goes wrong."""

from __future__ import annotations

from typing import Any

from django.test import Client
from tests.collaborations.conftest import World
from tests.collaborations.test_api import client_for, send
from tests.core.factories import act

from opgave.collaborations import permissions
from opgave.collaborations.models import Invitation, RequestStatus
from opgave.collaborations.services import access
from opgave.core.actors import Actor
from opgave.core.models import AuditRecord, Membership
from opgave.core.services.tokens import issue_token

API = "/api/v1"


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    return body


def test_a_request_to_join_accepted_over_the_api_lets_the_requester_see_the_design(world: World) -> None:
    item = world.collaboration
    otto, anna = client_for(world.otto), client_for(world.anna)
    assert otto.get(f"{API}/collaborations/{item.uuid}/design").status_code == 403
    asked = send(
        otto,
        "post",
        f"{API}/collaborations/{item.uuid}/join-requests",
        {"organisation": str(world.outsider_org.uuid), "motivation": "Wij zien dezelfde gezinnen."},
    )
    assert asked.status_code == 201, asked.content
    request_id = asked.json()["id"]
    assert asked["Location"].endswith(f"/join-requests/{request_id}")
    assert otto.get(asked["Location"]).json()["status"] == "pending"
    again = send(
        otto,
        "post",
        f"{API}/collaborations/{item.uuid}/join-requests",
        {"organisation": str(world.outsider_org.uuid), "motivation": "Nog eens."},
    )
    assert "al gevraagd" in _problem(again, 409)["detail"]
    # the requester cannot decide about their own request
    _problem(send(otto, "post", f"{API}/collaborations/{item.uuid}/join-requests/{request_id}/accept"), 403)
    listing = anna.get(f"{API}/collaborations/{item.uuid}/join-requests").json()
    assert [r["id"] for r in listing["items"]] == [request_id]
    accepted = send(
        anna,
        "post",
        f"{API}/collaborations/{item.uuid}/join-requests/{request_id}/accept",
        **{"Idempotency-Key": "k1"},
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    replay = send(
        anna,
        "post",
        f"{API}/collaborations/{item.uuid}/join-requests/{request_id}/accept",
        **{"Idempotency-Key": "k1"},
    )
    assert replay.status_code == 200 and replay["Idempotent-Replayed"] == "true"
    assert otto.get(f"{API}/collaborations/{item.uuid}/design").status_code == 200
    assert (
        "al besloten"
        in _problem(
            send(
                anna,
                "post",
                f"{API}/collaborations/{item.uuid}/join-requests/{request_id}/decline",
                {"reason": "x"},
            ),
            409,
        )["detail"]
    )


def test_declining_a_request_needs_a_reason_in_dutch(world: World) -> None:
    found = access.request_to_join(
        world.collaboration, organisation=world.outsider_org, motivation="Graag.", actor=act(world.otto)
    )
    url = f"{API}/collaborations/{world.collaboration.uuid}/join-requests/{found.uuid}/decline"
    anna = client_for(world.anna)
    _problem(send(anna, "post", url, {}), 422)
    _problem(send(anna, "post", url, {"reason": ""}), 422)
    declined = send(anna, "post", url, {"reason": "We starten eerst klein."})
    assert declined.json()["status"] == "declined" and declined.json()["reason"] == "We starten eerst klein."
    assert not permissions.can_view_private(world.otto, world.collaboration)


def test_an_invitation_to_an_organisation_is_accepted_by_its_member(world: World) -> None:
    item = world.collaboration
    anna = client_for(world.anna)
    made = send(
        anna,
        "post",
        f"{API}/collaborations/{item.uuid}/invitations",
        {"organisation": str(world.outsider_org.uuid), "message": "Doe mee."},
    )
    assert made.status_code == 201, made.content
    invitation = made.json()
    assert invitation["kind"] == "organisation" and invitation["status"] == "pending"
    otto = client_for(world.otto)
    assert otto.get(made["Location"]).json()["email"] == ""
    # somebody else cannot see or take it
    assert client_for(world.bram).get(made["Location"]).status_code == 404
    _problem(send(client_for(world.bram), "post", f"{API}/invitations/{invitation['id']}/accept", {}), 403)
    accepted = send(otto, "post", f"{API}/invitations/{invitation['id']}/accept", {})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert permissions.can_view_private(world.otto, item)
    assert (
        "al gebruikt"
        in _problem(send(otto, "post", f"{API}/invitations/{invitation['id']}/decline"), 409)["detail"]
    )


def test_a_revoked_invitation_cannot_be_accepted_and_its_link_dies(world: World) -> None:
    invitation, token = access.invite(world.collaboration, email="nieuw@example.nl", actor=act(world.anna))
    assert token
    anna = client_for(world.anna)
    listing = anna.get(f"{API}/collaborations/{world.collaboration.uuid}/invitations").json()
    assert listing["items"][0]["email"] == "nieuw@example.nl"
    assert token not in str(listing)
    revoked = send(anna, "post", f"{API}/invitations/{invitation.uuid}/revoke")
    assert revoked.status_code == 200 and revoked.json()["status"] == "withdrawn"
    invitation.refresh_from_db()
    assert invitation.token_hash == "" and invitation.status == RequestStatus.WITHDRAWN
    page = client_for(world.otto).get(f"/samenwerkingen/uitnodiging/{token}/")
    assert page.status_code == 404
    _problem(send(anna, "post", f"{API}/invitations/{invitation.uuid}/revoke"), 409)


def test_bad_invitations_are_refused_in_dutch_and_nothing_is_stored(world: World) -> None:
    url = f"{API}/collaborations/{world.collaboration.uuid}/invitations"
    anna = client_for(world.anna)
    both = _problem(
        send(anna, "post", url, {"organisation": str(world.zeist.uuid), "email": "a@example.nl"}), 422
    )
    assert "één" in both["detail"]
    assert (
        "geen geldig e-mailadres" in _problem(send(anna, "post", url, {"email": "geen-adres"}), 422)["detail"]
    )
    _problem(send(anna, "post", url, {"organisation": "00000000-0000-0000-0000-000000000000"}), 422)
    _problem(send(anna, "post", url, {"person": str(world.otto.uuid), "extra": 1}), 422)
    _problem(send(client_for(world.otto), "post", url, {"organisation": str(world.zeist.uuid)}), 403)
    assert not Invitation.objects.exists()


def test_a_token_of_an_owner_invites_and_decides_and_its_issuer_answers_for_it(world: World) -> None:
    Membership.objects.filter(person=world.anna).update(role=Membership.Role.ADMIN)
    token, plaintext = issue_token(
        organisation=world.utrecht,
        name="crm",
        scopes=["collaborations:write"],
        actor=Actor.for_person(world.anna),
    )
    made = send(
        Client(),
        "post",
        f"{API}/collaborations/{world.collaboration.uuid}/invitations",
        {"organisation": str(world.outsider_org.uuid)},
        Authorization=f"Bearer {plaintext}",
    )
    assert made.status_code == 201, made.content
    invitation = Invitation.objects.get(uuid=made.json()["id"])
    assert invitation.invited_by == world.anna
    record = AuditRecord.objects.filter(action="collaboration.invite").latest("seq")
    assert record.actor == world.anna and record.detail["token"]["id"] == str(token.uuid)
    # a token never accepts an invitation or asks to join: that is a person's act
    _problem(
        send(
            Client(),
            "post",
            f"{API}/invitations/{invitation.uuid}/accept",
            {},
            Authorization=f"Bearer {plaintext}",
        ),
        403,
    )


def test_a_facilitator_revokes_an_invitation_on_the_participants_page(world: World) -> None:
    invitation, token = access.invite(world.collaboration, email="later@example.nl", actor=act(world.anna))
    anna = client_for(world.anna)
    members = anna.get(f"/samenwerkingen/{world.collaboration.uuid}/deelnemers/").content.decode()
    url = f"/samenwerkingen/{world.collaboration.uuid}/deelnemers/uitnodigingen/{invitation.uuid}/intrekken/"
    assert f'action="{url}"' in members and "Intrekken" in members
    # someone who does not invite cannot revoke (and learns nothing)
    assert client_for(world.bram).post(url).status_code in (302, 403, 404)
    invitation.refresh_from_db()
    assert invitation.status == RequestStatus.PENDING
    assert anna.post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == RequestStatus.WITHDRAWN
    assert client_for(world.otto).get(f"/samenwerkingen/uitnodiging/{token}/").status_code == 404
