"""Bad input is a 4xx problem, never a 500 (defect 8): forms to JSON endpoints, NUL characters,
lone surrogates, non-finite and huge numbers — on SQLite and PostgreSQL alike."""

from __future__ import annotations

import json
from typing import Any

import pytest

from opgave.collaborations.models import Collaboration

from .conftest import ApiClient, Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def collaboration(cast: Cast) -> dict[str, Any]:
    reply = cast.client("org_admin").post(
        "/api/v1/collaborations",
        {"name": "Proef", "opgave": "Samen tegen schulden", "owners": [str(cast.org.uuid)]},
    )
    assert reply.status == 201, reply.body
    return reply.body


def _problem(reply: Any, status: int) -> dict[str, Any]:
    assert reply.status == status, reply.body
    assert reply.content_type.startswith("application/problem+json")
    return reply.body


@pytest.mark.parametrize("form", ["multipart", "urlencoded"])
@pytest.mark.parametrize("caller", ["org_admin", "token_all"])
def test_a_form_to_a_json_endpoint_is_415(
    cast: Cast, collaboration: dict[str, Any], form: str, caller: str
) -> None:
    """Regression: multipart bodies raised RawPostDataException (500) on 12 endpoints."""
    api = cast.client(caller)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api.token}"} if api.token else {}
    cid = collaboration["id"]
    targets = [
        ("post", "/api/v1/collaborations"),
        ("patch", f"/api/v1/collaborations/{cid}"),
        ("put", f"/api/v1/collaborations/{cid}/design"),
        ("post", f"/api/v1/collaborations/{cid}/sessions"),
        ("post", f"/api/v1/organisations/{cast.org.uuid}/tokens"),
    ]
    for method, path in targets:
        for extra in ({}, {"HTTP_IDEMPOTENCY_KEY": "sleutel-1", "HTTP_IF_MATCH": '"1"'}):
            if form == "multipart":
                response = (
                    getattr(api.client, method)(path, {"name": "x"}, **auth, **extra)
                    if method == "post"
                    else (
                        getattr(api.client, method)(
                            path,
                            b'--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--b--\r\n',
                            content_type="multipart/form-data; boundary=b",
                            **auth,
                            **extra,
                        )
                    )
                )
            else:
                response = getattr(api.client, method)(
                    path, "name=x", content_type="application/x-www-form-urlencoded", **auth, **extra
                )
            assert response.status_code == 415, (method, path, response.content[:300])
            assert "application/json" in json.loads(response.content)["detail"]


@pytest.mark.parametrize(
    "path", ["/api/v1/collaborations?q=%00", "/api/v1/organisations?q=a%00b", "/api/v1/me?%00=1"]
)
def test_nul_in_a_query_string_is_422(cast: Cast, path: str) -> None:
    """Regression: ``?q=%00`` reached PostgreSQL, which cannot store or compare NUL (500)."""
    body = _problem(cast.client("org_admin").get(path, validate=False), 422)
    assert "NUL" in body["errors"][0]["message"]


def test_nul_anywhere_in_a_json_body_is_422(cast: Cast, collaboration: dict[str, Any]) -> None:
    """Regression: design text with \\u0000 was a 500 on PostgreSQL."""
    api = cast.client("org_admin")
    cid = collaboration["id"]
    design = api.get(f"/api/v1/collaborations/{cid}/design")
    doc = design.body["design"]
    doc["step1"]["opgave"] = "schuld\u0000en"
    reply = api.call(
        "PUT",
        f"/api/v1/collaborations/{cid}/design",
        doc,
        headers={"If-Match": design.headers["ETag"]},
        validate=False,
    )
    body = _problem(reply, 422)
    assert body["errors"] == [
        {"field": "step1.opgave", "message": "Het teken NUL (\\u0000) is niet toegestaan in tekst."}
    ]
    assert Collaboration.objects.get(uuid=cid).revision == design.body["revision"]  # nothing half-written


@pytest.mark.parametrize("text", ['"a\\ud800b"', '"\\udfff"', '"x\\ud83d"'])
def test_a_lone_surrogate_is_422(cast: Cast, collaboration: dict[str, Any], text: str) -> None:
    """Regression: a lone surrogate was a 500 on SQLite (it cannot be encoded as UTF-8)."""
    api = cast.client("org_admin")
    raw = '{"name": ' + text + "}"
    body = _problem(
        api.call(
            "PATCH",
            f"/api/v1/collaborations/{collaboration['id']}",
            raw=raw,
            headers={"If-Match": f'"{collaboration["revision"]}"'},
            validate=False,
        ),
        422,
    )
    assert body["errors"][0]["field"] == "name" and "surrogaat" in body["errors"][0]["message"]


def test_valid_4_byte_and_rtl_text_is_accepted(cast: Cast, collaboration: dict[str, Any]) -> None:
    api = cast.client("org_admin")
    name = "Samen 🤝 \u202everkeerd\u202c 𝔘"
    etag = api.get(f"/api/v1/collaborations/{collaboration['id']}").headers["ETag"]
    reply = api.patch(
        f"/api/v1/collaborations/{collaboration['id']}",
        {"name": name},
        headers={"If-Match": etag},
    )
    assert reply.status == 200 and reply.body["name"] == name


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e309", "-1e400"])
def test_non_finite_and_huge_numbers_are_422(cast: Cast, collaboration: dict[str, Any], number: str) -> None:
    """Regression: Infinity/NaN/1e309 were a 500, or accepted and emitted as non-standard JSON."""
    api = cast.client("org_admin")
    raw = '{"title": "Schulden", "indicator": "Aantal", "target": ' + number + "}"
    body = _problem(
        api.call("POST", f"/api/v1/collaborations/{collaboration['id']}/goals", raw=raw, validate=False), 422
    )
    assert "eindig getal" in body["detail"]
    listing = api.get(f"/api/v1/collaborations/{collaboration['id']}/goals", validate=False)
    assert listing.status == 200 and listing.body["items"] == []


def test_a_form_in_a_csrf_checked_browser_session_is_415(cast: Cast, collaboration: dict[str, Any]) -> None:
    """Regression: the CSRF check read the multipart body first, then the JSON parser hit
    RawPostDataException (500)."""
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    api = ApiClient(person=cast.org_admin, enforce_csrf=True)
    request = RequestFactory().get("/")
    secret = get_token(request)
    api.client.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    for path in ("/api/v1/collaborations", f"/api/v1/organisations/{cast.org.uuid}/tokens"):
        response = api.client.post(
            path, {"name": "x", "csrfmiddlewaretoken": secret}, HTTP_X_CSRFTOKEN=secret
        )
        assert response.status_code == 415, response.content[:300]


def test_a_422_never_names_a_person_outside_the_callers_organisations(
    cast: Cast, collaboration: dict[str, Any]
) -> None:
    """Regression (defect 9): naming an outsider as participant answered 422 with their full name."""
    cast.outsider.first_name, cast.outsider.last_name = "Geheime", "Buitenstaander"
    cast.outsider.save()
    reply = cast.client("org_admin").post(
        f"/api/v1/collaborations/{collaboration['id']}/sessions",
        {"title": "Botsproef", "participants": [str(cast.org_admin.uuid), str(cast.outsider.uuid)]},
        validate=False,
    )
    body = _problem(reply, 422)
    text = json.dumps(body, ensure_ascii=False)
    assert "Geheime" not in text and "Buitenstaander" not in text and "outsider" not in text
    assert str(cast.outsider.uuid) in body["detail"]  # the id the caller sent, so they can find it
