"""ETag on every mutable resource; If-Match required on PATCH/DELETE (428 absent, 412 stale)."""

from __future__ import annotations

import pytest

from opgave.core.models import ApiToken, Membership, Organisation

from .concurrency import needs_postgres, run_together
from .conftest import ApiClient, Cast


def org_url(cast: Cast) -> str:
    return f"/api/v1/organisations/{cast.org.uuid}"


@pytest.mark.django_db
def test_get_returns_an_etag_that_changes_with_every_change(cast: Cast) -> None:
    client = cast.client("org_admin")
    first = client.get(org_url(cast))
    assert first.status == 200 and first.headers["ETag"].startswith('"')
    changed = client.patch(
        org_url(cast), {"name": "Gemeente Utrecht (stad)"}, headers={"If-Match": first.headers["ETag"]}
    )
    assert changed.status == 200
    assert changed.body["name"] == "Gemeente Utrecht (stad)"
    assert changed.headers["ETag"] != first.headers["ETag"]
    assert client.get(org_url(cast)).headers["ETag"] == changed.headers["ETag"]


@pytest.mark.django_db
def test_patch_without_if_match_is_428_and_changes_nothing(cast: Cast) -> None:
    reply = cast.client("org_admin").patch(org_url(cast), {"name": "Anders"})
    assert reply.status == 428
    assert reply.body["type"].endswith("/if-match-vereist")
    assert Organisation.objects.get(pk=cast.org.pk).name == "Gemeente Utrecht"


@pytest.mark.django_db
def test_patch_with_a_stale_etag_is_412_and_changes_nothing(cast: Cast) -> None:
    client = cast.client("org_admin")
    stale = client.get(org_url(cast)).headers["ETag"]
    assert client.patch(org_url(cast), {"kind": "provincie"}, headers={"If-Match": stale}).status == 200
    reply = client.patch(org_url(cast), {"name": "Overschreven"}, headers={"If-Match": stale})
    assert reply.status == 412
    assert reply.headers["ETag"] == client.get(org_url(cast)).headers["ETag"]
    assert Organisation.objects.get(pk=cast.org.pk).name == "Gemeente Utrecht"


@pytest.mark.django_db
def test_if_match_star_matches_the_current_version(cast: Cast) -> None:
    reply = cast.client("org_admin").patch(
        org_url(cast), {"oin": "00000001234567890000"}, headers={"If-Match": "*"}
    )
    assert reply.status == 200 and reply.body["oin"] == "00000001234567890000"


@pytest.mark.django_db
def test_a_weak_etag_never_matches(cast: Cast) -> None:
    client = cast.client("org_admin")
    etag = client.get(org_url(cast)).headers["ETag"]
    assert client.patch(org_url(cast), {"name": "Zwak"}, headers={"If-Match": "W/" + etag}).status == 412


@pytest.mark.django_db
def test_two_patches_with_the_same_etag_one_wins(cast: Cast) -> None:
    client = cast.client("org_admin")
    etag = client.get(org_url(cast)).headers["ETag"]
    statuses = [
        client.patch(org_url(cast), {"name": name}, headers={"If-Match": etag}).status
        for name in ("Eerste", "Tweede")
    ]
    assert statuses == [200, 412]
    assert Organisation.objects.get(pk=cast.org.pk).name == "Eerste"


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_patches_give_one_200_and_one_412(cast: Cast) -> None:
    etag = cast.client("org_admin").get(org_url(cast)).headers["ETag"]
    admin, platform = cast.org_admin, cast.platform_admin

    def patch(person, name: str) -> int:  # type: ignore[no-untyped-def]
        client = ApiClient(person=person)
        return client.patch(org_url(cast), {"name": name}, headers={"If-Match": etag}).status

    for round_ in range(3):
        etag = cast.client("org_admin").get(org_url(cast)).headers["ETag"]
        names = (f"A{round_}", f"B{round_}")
        statuses = run_together(
            lambda name=names[0]: patch(admin, name), lambda name=names[1]: patch(platform, name)
        )
        assert sorted(statuses) == [200, 412]
        organisation = Organisation.objects.get(pk=cast.org.pk)
        assert organisation.name in names
        assert organisation.revision == 2 + round_


@pytest.mark.django_db
def test_membership_delete_needs_the_current_etag(cast: Cast) -> None:
    client = cast.client("org_admin")
    membership = Membership.objects.get(person=cast.member, organisation=cast.org)
    url = f"/api/v1/organisations/{cast.org.uuid}/memberships/{membership.uuid}"
    etag = client.get(url).headers["ETag"]
    assert client.delete(url).status == 428
    assert client.patch(url, {"job_title": "Beleidsadviseur"}, headers={"If-Match": etag}).status == 200
    assert client.delete(url, headers={"If-Match": etag}).status == 412
    assert client.delete(url, headers={"If-Match": client.get(url).headers["ETag"]}).status == 204
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert client.get(url).status == 404


@pytest.mark.django_db
def test_token_revoke_needs_if_match_and_keeps_the_token_listed(cast: Cast) -> None:
    client = cast.client("org_admin")
    token = ApiToken.objects.filter(organisation=cast.org, revoked_at__isnull=True).first()
    assert token is not None
    url = f"/api/v1/organisations/{cast.org.uuid}/tokens/{token.uuid}"
    assert client.delete(url).status == 428
    assert client.delete(url, headers={"If-Match": client.get(url).headers["ETag"]}).status == 204
    detail = client.get(url)
    assert detail.body["revoked_at"] is not None and detail.body["is_active"] is False
