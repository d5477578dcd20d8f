"""Cursor pagination (opaque, tamper-evident, bound to the query) and filters."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import signing

from opgave.core.models import Organisation

from .conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(cast: Cast) -> list[str]:
    names = [f"Gemeente {chr(65 + i // 26)}{chr(65 + i % 26)}" for i in range(30)]
    Organisation.objects.bulk_create([Organisation(name=name, kind="gemeente") for name in names])
    return sorted([*names, cast.org.name, cast.other_org.name])


def follow(client, url: str) -> tuple[list[str], int]:  # type: ignore[no-untyped-def]
    names: list[str] = []
    pages = 0
    while url:
        assert pages < 50, "pagination does not end"
        reply = client.get(url.replace("http://testserver", ""))
        assert reply.status == 200, reply.body
        names += [item["name"] for item in reply.body["items"]]
        pages += 1
        url = reply.body["next"]
        if url:
            assert reply.headers["Link"] == f'<{url}>; rel="next"'
        else:
            assert "Link" not in reply.headers
    return names, pages


def test_following_next_visits_every_item_once_in_order(cast: Cast, many: list[str]) -> None:
    names, pages = follow(cast.client("member"), "/api/v1/organisations?limit=7")
    assert names == many
    assert pages == 5


def test_the_default_page_size_is_25(cast: Cast, many: list[str]) -> None:
    reply = cast.client("member").get("/api/v1/organisations")
    assert len(reply.body["items"]) == 25 and reply.body["next"]


def test_limit_outside_1_to_100_is_422(cast: Cast) -> None:
    for limit in ("0", "101", "veel"):
        reply = cast.client("member").get(f"/api/v1/organisations?limit={limit}")
        assert reply.status == 422
        assert reply.body["errors"][0]["field"] == "limit"


def test_rows_added_between_pages_do_not_shift_the_next_page(cast: Cast, many: list[str]) -> None:
    client = cast.client("member")
    first = client.get("/api/v1/organisations?limit=10")
    Organisation.objects.create(name="Gemeente AAA-nieuw", kind="gemeente")  # sorts onto page one
    second = client.get(first.body["next"].replace("http://testserver", ""))
    assert second.body["items"][0]["name"] == many[10]


def test_a_tampered_cursor_is_400(cast: Cast, many: list[str]) -> None:
    client = cast.client("member")
    cursor = parse_qs(urlsplit(client.get("/api/v1/organisations?limit=5").body["next"]).query)["cursor"][0]
    forged = signing.dumps({"b": "x", "o": ["name", "pk"], "k": ["A", 1]}, salt="andere-salt")
    for bad in (cursor[:-2] + "xx", forged, "niet-een-cursor"):
        reply = client.get(f"/api/v1/organisations?limit=5&cursor={bad}")
        assert reply.status == 400
        assert reply.body["type"].endswith("/ongeldige-cursor")


def test_a_cursor_only_works_for_the_query_it_came_from(cast: Cast, many: list[str]) -> None:
    client = cast.client("member")
    next_url = client.get("/api/v1/organisations?limit=5&kind=gemeente").body["next"]
    cursor = parse_qs(urlsplit(next_url).query)["cursor"][0]
    assert client.get(f"/api/v1/organisations?limit=5&kind=gemeente&cursor={cursor}").status == 200
    assert client.get(f"/api/v1/organisations?limit=5&kind=provincie&cursor={cursor}").status == 400
    other = f"/api/v1/organisations/{cast.org.uuid}/memberships?cursor={cursor}"
    assert client.get(other).status == 400


def test_filters_kind_and_q(cast: Cast, many: list[str]) -> None:
    client = cast.client("member")
    provinces = client.get("/api/v1/organisations?kind=provincie").body["items"]
    assert [item["name"] for item in provinces] == ["Provincie Utrecht"]
    found = client.get("/api/v1/organisations?q=utrecht").body["items"]
    assert {item["name"] for item in found} == {"Gemeente Utrecht", "Provincie Utrecht"}
    assert client.get("/api/v1/organisations?kind=stad").status == 422


def test_memberships_and_tokens_are_paginated_too(cast: Cast) -> None:
    client = cast.client("org_admin")
    members, _ = follow_items(client, f"/api/v1/organisations/{cast.org.uuid}/memberships?limit=1")
    assert len(members) == 2
    tokens, _ = follow_items(client, f"/api/v1/organisations/{cast.org.uuid}/tokens?limit=2")
    assert len(tokens) == len(set(tokens)) == 5  # five tokens of cast.org, newest first


def follow_items(client, url: str) -> tuple[list[str], int]:  # type: ignore[no-untyped-def]
    ids: list[str] = []
    pages = 0
    while url:
        assert pages < 50, "pagination does not end"
        reply = client.get(url.replace("http://testserver", ""))
        ids += [item["id"] for item in reply.body["items"]]
        pages += 1
        url = reply.body["next"]
    return ids, pages
