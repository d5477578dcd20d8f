"""Idempotency-Key on POST: a repeat returns the same response and creates nothing twice."""

from __future__ import annotations

import pytest

from opgave.api.models import IdempotencyRecord
from opgave.core.models import ApiToken, Organisation

from .concurrency import needs_postgres, run_together
from .conftest import ApiClient, Cast

NEW_ORG = {"name": "Waterschap De Dommel", "kind": "waterschap", "cbs_code": "WS0539"}


@pytest.mark.django_db
def test_a_repeated_post_creates_one_resource_and_replays_the_response(cast: Cast) -> None:
    client = cast.client("platform_admin")
    headers = {"Idempotency-Key": "7c0a9d1e-5b1f-4a53-9a4d-2f0b9a2b8d11"}
    first = client.post("/api/v1/organisations", NEW_ORG, headers=headers)
    second = client.post("/api/v1/organisations", NEW_ORG, headers=headers)
    third = client.post("/api/v1/organisations", NEW_ORG, headers=headers)
    assert first.status == second.status == third.status == 201
    assert first.body == second.body == third.body
    assert first.headers["Location"] == second.headers["Location"]
    assert first.headers["ETag"] == second.headers["ETag"]
    assert "Idempotent-Replayed" not in first.headers
    assert second.headers["Idempotent-Replayed"] == "true"
    assert Organisation.objects.filter(name=NEW_ORG["name"]).count() == 1


@pytest.mark.django_db
def test_whitespace_in_the_json_does_not_make_it_a_different_request(cast: Cast) -> None:
    client = cast.client("platform_admin")
    headers = {"Idempotency-Key": "sleutel-1"}
    assert client.post("/api/v1/organisations", NEW_ORG, headers=headers).status == 201
    spaced = '{ "kind" : "waterschap", "cbs_code": "WS0539",\n "name": "Waterschap De Dommel" }'
    assert client.post("/api/v1/organisations", raw=spaced, headers=headers).status == 201
    assert Organisation.objects.filter(name=NEW_ORG["name"]).count() == 1


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_422(cast: Cast) -> None:
    client = cast.client("platform_admin")
    headers = {"Idempotency-Key": "sleutel-2"}
    assert client.post("/api/v1/organisations", NEW_ORG, headers=headers).status == 201
    reply = client.post(
        "/api/v1/organisations", {**NEW_ORG, "name": "Waterschap Aa en Maas"}, headers=headers
    )
    assert reply.status == 422
    assert reply.body["type"].endswith("/idempotentiesleutel-hergebruikt")
    assert not Organisation.objects.filter(name="Waterschap Aa en Maas").exists()


@pytest.mark.django_db
def test_without_a_key_every_post_counts(cast: Cast) -> None:
    client = cast.client("org_admin")
    url = f"/api/v1/organisations/{cast.org.uuid}/tokens"
    before = ApiToken.objects.filter(organisation=cast.org).count()
    for _ in range(2):
        assert client.post(url, {"name": "koppeling", "scopes": ["organisations:read"]}).status == 201
    assert ApiToken.objects.filter(organisation=cast.org).count() == before + 2


@pytest.mark.django_db
def test_keys_belong_to_the_caller(cast: Cast) -> None:
    url = f"/api/v1/organisations/{cast.org.uuid}/tokens"
    body = {"name": "koppeling", "scopes": ["organisations:read"]}
    headers = {"Idempotency-Key": "gedeelde-sleutel"}
    before = ApiToken.objects.filter(organisation=cast.org).count()
    first = cast.client("org_admin").post(url, body, headers=headers)
    second = cast.client("platform_admin").post(url, body, headers=headers)
    assert first.status == second.status == 201
    assert first.body["id"] != second.body["id"]
    assert ApiToken.objects.filter(organisation=cast.org).count() == before + 2


@pytest.mark.django_db
def test_a_token_plaintext_is_never_stored_and_not_replayed(cast: Cast) -> None:
    client = cast.client("org_admin")
    url = f"/api/v1/organisations/{cast.org.uuid}/tokens"
    body = {"name": "koppeling", "scopes": ["organisations:read"]}
    first = client.post(url, body, headers={"Idempotency-Key": "token-1"})
    replay = client.post(url, body, headers={"Idempotency-Key": "token-1"})
    assert first.body["token"].startswith("opg_")
    assert replay.body["token"] is None
    assert replay.body["id"] == first.body["id"]
    record = IdempotencyRecord._default_manager.get(key="token-1")
    assert first.body["token"] not in record.body


@pytest.mark.django_db
def test_errors_are_not_stored_so_a_fixed_request_may_reuse_the_key(cast: Cast) -> None:
    client = cast.client("platform_admin")
    headers = {"Idempotency-Key": "sleutel-3"}
    assert client.post("/api/v1/organisations", {**NEW_ORG, "kind": "stad"}, headers=headers).status == 422
    assert client.post("/api/v1/organisations", NEW_ORG, headers=headers).status == 201


@pytest.mark.django_db
def test_a_malformed_key_is_400(cast: Cast) -> None:
    reply = cast.client("platform_admin").post(
        "/api/v1/organisations", NEW_ORG, headers={"Idempotency-Key": "a b"}
    )
    assert reply.status == 400
    assert reply.body["errors"][0]["field"] == "Idempotency-Key"


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_repeats_create_one_resource(cast: Cast) -> None:
    person = cast.platform_admin
    for round_ in range(3):
        body = {"name": f"Waterschap {round_}", "kind": "waterschap"}

        def post(body: dict[str, str] = body, key: str = f"gelijktijdig-{round_}") -> tuple[int, str]:
            reply = ApiClient(person=person).post(
                "/api/v1/organisations", body, headers={"Idempotency-Key": key}
            )
            return reply.status, reply.body["id"]

        results = run_together(post, post)
        assert [status for status, _ in results] == [201, 201]
        assert results[0][1] == results[1][1]
        assert Organisation.objects.filter(name=body["name"]).count() == 1
