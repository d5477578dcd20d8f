"""Sessions with CSRF, scoped/expiring/revocable tokens, purpose, /me, and audited denials."""

from __future__ import annotations

import pytest
from django.middleware.csrf import get_token
from django.test import RequestFactory

from opgave.core.models import AuditRecord, ProcessingActivity

from .conftest import ApiClient, Cast, make_token

pytestmark = pytest.mark.django_db


def denials() -> int:
    return AuditRecord.objects.filter(action="api.denied", result="denied").count()


def test_me_for_a_person_shows_memberships_and_the_active_organisation(cast: Cast) -> None:
    reply = cast.client("member").get("/api/v1/me")
    assert reply.status == 200
    assert reply.body["person"]["username"] == "lid"
    assert [m["organisation"]["name"] for m in reply.body["memberships"]] == ["Gemeente Utrecht"]
    assert reply.body["active_organisation"]["id"] == str(cast.org.uuid)
    assert reply.body["token"] is None and reply.body["is_platform_admin"] is False


def test_me_for_a_token_shows_its_organisation_and_scopes(cast: Cast) -> None:
    reply = cast.client("token_read").get("/api/v1/me")
    assert reply.status == 200
    assert reply.body["person"] is None and reply.body["memberships"] == []
    assert reply.body["active_organisation"]["name"] == "Gemeente Utrecht"
    assert reply.body["token"]["scopes"] == ["organisations:read", "tokens:read"]


@pytest.mark.parametrize("role", ["token_revoked", "token_expired"])
def test_revoked_and_expired_tokens_are_401(cast: Cast, role: str) -> None:
    reply = cast.client(role).get("/api/v1/me")
    assert reply.status == 401
    assert "verlopen of ingetrokken" in reply.body["detail"]


@pytest.mark.parametrize("header", ["Bearer", "Bearer opg_00000000_onbekend", "Basic dXNlcjpwdw==", "opg_x"])
def test_bad_authorization_headers_are_401_even_with_a_session(cast: Cast, header: str) -> None:
    client = ApiClient(person=cast.member)
    assert client.get("/api/v1/me", headers={"Authorization": header}).status == 401


def test_write_scope_includes_read(cast: Cast) -> None:
    _, plaintext = make_token(cast.org, ["organisations:write"])
    assert ApiClient(token=plaintext).get("/api/v1/organisations").status == 200


def test_a_token_without_the_scope_is_403_and_audited(cast: Cast) -> None:
    before = denials()
    reply = cast.client("token_none").get("/api/v1/organisations")
    assert reply.status == 403
    assert "organisations:read" in reply.body["detail"]
    assert denials() == before + 1
    record = AuditRecord.objects.filter(action="api.denied").order_by("-seq").first()
    assert record is not None and record.actor_label.startswith("token opg_")
    assert record.detail["status"] == 403 and record.detail["path"] == "/api/v1/organisations"


def test_anonymous_requests_are_401_and_audited(cast: Cast) -> None:
    before = denials()
    assert ApiClient().get("/api/v1/organisations").status == 401
    assert denials() == before + 1


def test_a_token_only_acts_for_its_own_organisation(cast: Cast) -> None:
    client = cast.client("token_other_org")
    assert client.get(f"/api/v1/organisations/{cast.org.uuid}").status == 200  # the register is shared
    assert client.get(f"/api/v1/organisations/{cast.org.uuid}/memberships").status == 403
    assert client.get(f"/api/v1/organisations/{cast.other_org.uuid}/memberships").status == 200


def test_session_writes_need_the_csrf_token(cast: Cast) -> None:
    client = ApiClient(person=cast.org_admin, enforce_csrf=True)
    url = f"/api/v1/organisations/{cast.org.uuid}/tokens"
    body = {"name": "koppeling", "scopes": ["organisations:read"]}
    reply = client.post(url, body)
    assert reply.status == 403 and "CSRF" in reply.body["detail"]
    request = RequestFactory().get("/")
    secret = get_token(request)
    client.client.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    assert client.post(url, body, headers={"X-CSRFToken": secret}).status == 201
    assert client.get("/api/v1/me").status == 200  # safe methods need no CSRF token


def test_tokens_need_no_csrf(cast: Cast) -> None:
    client = ApiClient(token=cast.tokens["token_all"], enforce_csrf=True)
    url = f"/api/v1/organisations/{cast.org.uuid}/tokens"
    assert client.post(url, {"name": "koppeling", "scopes": ["organisations:read"]}).status == 201


def test_the_purpose_header_is_checked_against_the_register(cast: Cast) -> None:
    ProcessingActivity.objects.create(
        code="samenwerking-beheer",
        name="Beheer van samenwerkingen",
        purpose="Samenwerkingen organiseren",
        legal_basis="Art. 6 lid 1 sub e AVG",
        retention="5 jaar",
    )
    client = cast.client("member")
    reply = client.get("/api/v1/me", headers={"X-Processing-Purpose": "samenwerking-beheer"})
    assert reply.status == 200 and reply.body["purpose"] == "samenwerking-beheer"
    reply = client.get("/api/v1/me", headers={"X-Processing-Purpose": "nieuwsgierigheid"})
    assert reply.status == 400
    assert reply.body["errors"] == [{"field": "X-Processing-Purpose", "message": "Onbekend verwerkingsdoel."}]


def test_a_new_token_is_shown_once_and_works(cast: Cast) -> None:
    client = cast.client("org_admin")
    url = f"/api/v1/organisations/{cast.org.uuid}/tokens"
    created = client.post(url, {"name": "koppeling", "scopes": ["organisations:read"]})
    assert created.status == 201
    plaintext = created.body["token"]
    assert plaintext.startswith(created.body["prefix"])
    listed = client.get(url).body["items"]
    assert all("token" not in item for item in listed)
    assert plaintext not in str(listed)
    assert ApiClient(token=plaintext).get("/api/v1/organisations").status == 200
    detail = client.get(f"{url}/{created.body['id']}")
    client.delete(f"{url}/{created.body['id']}", headers={"If-Match": detail.headers["ETag"]})
    assert ApiClient(token=plaintext).get("/api/v1/organisations").status == 401
