"""Every error is RFC 9457 problem+json in Dutch: bad input never gives a 500 or a traceback."""

from __future__ import annotations

import pytest
from django.test import override_settings

from opgave.core.models import Organisation

from .conftest import ApiClient, Cast

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def assert_problem(reply, status: int, slug: str | None = None) -> dict:
    assert reply.status == status, reply.body
    assert reply.content_type == PROBLEM
    body = reply.body
    assert body["status"] == status
    assert body["type"].startswith("https://")
    if slug:
        assert body["type"].endswith("/" + slug)
    assert body["title"] and body["detail"]
    assert "Traceback" not in reply.raw.content.decode()
    return body


def test_malformed_json_is_400_with_position(cast: Cast) -> None:
    reply = cast.client("platform_admin").post("/api/v1/organisations", raw='{"name": "Gemeente X", "kind": ')
    body = assert_problem(reply, 400, "ongeldige-json")
    assert "regel 1" in body["detail"]
    assert not Organisation.objects.filter(name="Gemeente X").exists()


def test_non_utf8_body_is_400(cast: Cast) -> None:
    reply = cast.client("platform_admin").post("/api/v1/organisations", raw=b'{"name": "\xff"}')
    assert_problem(reply, 400, "ongeldige-json")


def test_wrong_types_name_every_field_in_dutch(cast: Cast) -> None:
    reply = cast.client("platform_admin").post(
        "/api/v1/organisations", {"name": 12, "kind": "stad", "parent": "x"}
    )
    body = assert_problem(reply, 422, "validatie")
    fields = {error["field"]: error["message"] for error in body["errors"]}
    assert fields["name"] == "Verwacht tekst."
    assert fields["kind"].startswith("Kies een van:")
    assert "UUID" in fields["parent"]


def test_missing_field_is_named(cast: Cast) -> None:
    reply = cast.client("platform_admin").post("/api/v1/organisations", {"kind": "gemeente"})
    body = assert_problem(reply, 422)
    assert {"field": "name", "message": "Dit veld is verplicht."} in body["errors"]


def test_unknown_fields_are_rejected_not_ignored(cast: Cast) -> None:
    url = f"/api/v1/organisations/{cast.org.uuid}/tokens"
    reply = cast.client("org_admin").post(
        url, {"name": "koppeling", "scopes": ["organisations:read"], "skopes": []}
    )
    body = assert_problem(reply, 422)
    assert body["errors"] == [{"field": "skopes", "message": "Dit veld bestaat niet; laat het weg."}]


def test_a_json_array_instead_of_an_object_is_422(cast: Cast) -> None:
    reply = cast.client("platform_admin").post("/api/v1/organisations", ["Gemeente X"])
    body = assert_problem(reply, 422)
    assert body["errors"][0]["message"] == "Verwacht een JSON-object."


def test_nul_characters_are_rejected_before_the_database_sees_them(cast: Cast) -> None:
    reply = cast.client("platform_admin").post(
        "/api/v1/organisations", {"name": "Gemeente\x00X", "kind": "gemeente"}
    )
    body = assert_problem(reply, 422)
    assert body["errors"][0]["field"] == "name"
    reply = cast.client("member").get("/api/v1/organisations?q=a%00b")
    assert_problem(reply, 422)


def test_service_validation_errors_become_field_errors(cast: Cast) -> None:
    reply = cast.client("org_admin").post(
        f"/api/v1/organisations/{cast.org.uuid}/tokens", {"name": "koppeling", "scopes": ["alles:read"]}
    )
    body = assert_problem(reply, 422)
    assert body["errors"][0]["field"] == "scopes"
    assert "Onbekende scope" in body["errors"][0]["message"]


@override_settings(API_MAX_BODY_BYTES=200)
def test_oversized_body_is_413(cast: Cast) -> None:
    reply = cast.client("platform_admin").post(
        "/api/v1/organisations", {"name": "x" * 500, "kind": "gemeente"}
    )
    body = assert_problem(reply, 413, "te-groot")
    assert "200 bytes" in body["detail"]


def test_other_media_types_are_415(cast: Cast) -> None:
    reply = cast.client("platform_admin").post(
        "/api/v1/organisations", raw="name=X&kind=gemeente", content_type="application/x-www-form-urlencoded"
    )
    assert_problem(reply, 415)


def test_accept_without_json_is_406(cast: Cast) -> None:
    reply = cast.client("member").get("/api/v1/me", headers={"Accept": "text/html"})
    assert_problem(reply, 406)
    assert (
        cast.client("member").get("/api/v1/me", headers={"Accept": "text/html, application/*;q=0.5"}).status
        == 200
    )


def test_unknown_path_and_method(cast: Cast) -> None:
    client = cast.client("member")
    assert_problem(client.get("/api/v1/bestaat-niet"), 404, "niet-gevonden")
    reply = client.call("PUT", f"/api/v1/organisations/{cast.org.uuid}", {"name": "X"})
    assert_problem(reply, 405)
    assert set(reply.headers["Allow"].replace(" ", "").split(",")) == {"GET", "PATCH"}


def test_unknown_resource_is_404(cast: Cast) -> None:
    reply = cast.client("member").get("/api/v1/organisations/0f8fad5b-d9cb-469f-a165-70867728950e")
    assert_problem(reply, 404)


def test_bad_path_parameter_is_a_problem(cast: Cast) -> None:
    reply = cast.client("member").get("/api/v1/organisations/geen-uuid")
    assert reply.status in (404, 422)
    assert reply.content_type == PROBLEM


def test_unexpected_error_is_a_generic_500_without_traceback(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    from opgave.api.platform import me

    def explode(person: object) -> object:
        raise RuntimeError("geheime interne details")

    monkeypatch.setattr(me.selectors, "memberships_of", explode)
    reply = cast.client("member").get("/api/v1/me")
    body = assert_problem(reply, 500, "serverfout")
    assert "geheime" not in reply.raw.content.decode()
    assert "RuntimeError" not in reply.raw.content.decode()
    assert body["instance"] == "/api/v1/me"


def test_every_api_response_is_no_store(cast: Cast) -> None:
    assert cast.client("member").get("/api/v1/me").headers["Cache-Control"] == "no-store"
    assert ApiClient().get("/api/v1/me").headers["Cache-Control"] == "no-store"


def test_too_many_requests_is_429_with_retry_after(cast: Cast) -> None:
    from django.core.cache import cache

    cache.clear()
    client = cast.client("token_all")
    with override_settings(API_RATE_LIMIT=3, API_RATE_WINDOW=3600):
        statuses = [client.get("/api/v1/me").status for _ in range(4)]
        reply = client.get("/api/v1/me")
        other = cast.client("member").get("/api/v1/me")
    cache.clear()
    assert statuses == [200, 200, 200, 429]
    body = assert_problem(reply, 429, "te-veel-verzoeken")
    assert int(reply.headers["Retry-After"]) >= 1
    assert body["detail"]
    assert other.status == 200  # the limit is per caller
