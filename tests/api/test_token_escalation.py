"""A token is never stronger than what it holds and than its issuer (issue #7, defect 3).

On the old main a token with only ``tokens:write`` minted a token with every scope, an
``organisations:write`` token made anyone an administrator, and token-made changes were
audited as ``systeem``.
"""

from __future__ import annotations

import pytest

from opgave.core.models import ApiToken, AuditRecord, Membership

from .conftest import ApiClient, Cast, make_person, make_token


def _org(cast: Cast) -> str:
    return f"/api/v1/organisations/{cast.org.uuid}"


@pytest.mark.django_db
def test_a_token_with_only_tokens_write_cannot_mint_a_token_with_other_scopes(cast: Cast) -> None:
    _, plaintext = make_token(cast.org, ["tokens:write"], name="uitgever")
    client = ApiClient(token=plaintext)
    reply = client.post(f"{_org(cast)}/tokens", {"name": "sterker", "scopes": ["organisations:write"]})
    assert reply.status == 403, reply.body
    assert not ApiToken.objects.filter(name="sterker").exists()
    denial = AuditRecord.objects.filter(action="token.issue", result="denied").latest("seq")
    assert denial.detail["token"]["name"] == "uitgever"
    # what it holds, it may pass on — issued in its issuer's name
    reply = client.post(f"{_org(cast)}/tokens", {"name": "smaller", "scopes": ["tokens:read"]})
    assert reply.status == 201, reply.body
    assert ApiToken.objects.get(name="smaller").created_by == cast.org_admin


@pytest.mark.django_db
def test_a_token_without_an_administrator_behind_it_makes_nobody_an_administrator(cast: Cast) -> None:
    """A token the system issued has no issuer to answer for it: no administration at all."""
    newcomer = make_person("nieuwkomer")
    _, plaintext = make_token(cast.org, ["organisations:write", "tokens:write"], issuer="system")
    client = ApiClient(token=plaintext)
    reply = client.post(f"{_org(cast)}/memberships", {"email": newcomer.email, "role": "beheerder"})
    assert reply.status == 403, reply.body
    assert not Membership.objects.filter(person=newcomer).exists()
    assert client.post(f"{_org(cast)}/tokens", {"name": "x", "scopes": ["tokens:write"]}).status == 403


@pytest.mark.django_db
def test_a_token_loses_what_its_issuer_loses(cast: Cast) -> None:
    _, plaintext = make_token(cast.org, ["organisations:write", "tokens:write"], issuer=cast.org_admin)
    client = ApiClient(token=plaintext)
    newcomer = make_person("nieuwkomer")
    Membership.objects.filter(person=cast.org_admin).update(role=Membership.Role.MEMBER)
    assert client.post(f"{_org(cast)}/memberships", {"email": newcomer.email, "role": "lid"}).status == 403
    assert client.post(f"{_org(cast)}/tokens", {"name": "x", "scopes": ["tokens:read"]}).status == 403
    Membership.objects.filter(person=cast.org_admin).update(role=Membership.Role.ADMIN)
    assert client.post(f"{_org(cast)}/memberships", {"email": newcomer.email, "role": "lid"}).status == 201


@pytest.mark.django_db
def test_token_made_changes_are_audited_with_the_tokens_id_and_name(cast: Cast) -> None:
    token, plaintext = make_token(cast.org, ["organisations:write"], name="Koppeling zaaksysteem")
    client = ApiClient(token=plaintext)
    etag = client.get(_org(cast)).headers["ETag"]
    assert (
        client.patch(_org(cast), {"name": "Gemeente Utrecht (nieuw)"}, headers={"If-Match": etag}).status
        == 200
    )
    record = AuditRecord.objects.filter(action="organisation.update", result="success").latest("seq")
    assert record.actor_label == f"token {token.prefix}"
    assert record.actor_label != "systeem"
    assert record.actor == cast.org_admin  # the issuer answers for the token
    assert record.detail["token"] == {"id": str(token.uuid), "name": "Koppeling zaaksysteem"}
    assert record.detail["changes"]["name"]["nieuw"] == "Gemeente Utrecht (nieuw)"
