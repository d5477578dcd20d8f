"""Query-count guards: a list endpoint costs the same number of queries for 2 rows as for 8.

NetBox keeps such baselines per model; here each list endpoint is measured at two sizes and
the counts must be equal (no query per row). Plus: an ordinary signed-in request does not
write the session row (the idle timeout stores the last activity at most once a minute).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from opgave.collaborations.models import Collaboration, Participation, Programme
from opgave.core.models import Membership, Organisation

from .conftest import Cast, make_person, make_token

pytestmark = pytest.mark.django_db
_numbers = itertools.count()


def _organisations(cast: Cast, n: int) -> str:
    for _ in range(n):
        Organisation.objects.create(name=f"Gemeente Proef {next(_numbers)}", kind="gemeente")
    return "/api/v1/organisations"


def _memberships(cast: Cast, n: int) -> str:
    for _ in range(n):
        Membership.objects.create(person=make_person(f"lid{next(_numbers)}"), organisation=cast.org)
    return f"/api/v1/organisations/{cast.org.uuid}/memberships"


def _tokens(cast: Cast, n: int) -> str:
    for _ in range(n):
        make_token(cast.org, ["tokens:read", "organisations:read"], name=f"koppeling {next(_numbers)}")
    return f"/api/v1/organisations/{cast.org.uuid}/tokens"


def _collaborations(cast: Cast, n: int) -> str:
    for _ in range(n):
        item = Collaboration.objects.create(
            name=f"Samenwerking {next(_numbers)}", opgave="Samen doen.", created_by=cast.member
        )
        item.owners.add(cast.org)
        item.region.add(cast.org, cast.other_org)
        Participation.objects.create(collaboration=item, organisation=cast.org, joined_at=item.created_at)
    return "/api/v1/collaborations"


def _programmes(cast: Cast, n: int) -> str:
    for _ in range(n):
        Programme.objects.create(name=f"Programma {next(_numbers)}", description="Thema's.").owners.add(
            cast.org
        )
    return "/api/v1/programmes"


LISTS: dict[str, Callable[[Cast, int], str]] = {
    "organisations": _organisations,
    "memberships": _memberships,
    "tokens": _tokens,
    "collaborations": _collaborations,
    "programmes": _programmes,
}


def _queries(client: Client, url: str) -> tuple[int, list[str]]:
    client.get(url)  # warm: sessions, caches of the first request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured), [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_list_costs_the_same_queries_for_more_rows(name: str, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.platform_admin)
    url = LISTS[name](cast, 2)
    few, _ = _queries(client, url)
    LISTS[name](cast, 6)
    many, sql = _queries(client, url)
    assert many == few, f"{name}: {few} queries for 2 rows, {many} for 8:\n" + "\n".join(sql)


def test_a_signed_in_request_does_not_write_the_session(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.member)
    client.get("/api/v1/me")  # stores the first activity
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/me").status_code == 200
    writes: list[Any] = [
        q["sql"]
        for q in captured.captured_queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]
    assert writes == []


def test_the_detail_of_a_collaboration_has_a_fixed_query_budget(cast: Cast) -> None:
    """The load benchmark's hottest read (benchmarks/load): session, person, memberships (once for
    every check of the request), the caller's rate counter, the collaboration with programme and
    theme, owners, region, the active participations and one question for the facilitator roles —
    whatever their sizes."""
    item = Collaboration.objects.create(name="Budget", opgave="Samen doen.", created_by=cast.member)
    item.owners.add(cast.other_org)
    for n in range(5):
        item.region.add(Organisation.objects.create(name=f"Regio {next(_numbers)} {n}", kind="gemeente"))
    client = Client()
    client.force_login(cast.member)
    count, sql = _queries(client, f"/api/v1/collaborations/{item.uuid}")
    assert count <= 9, f"{count} queries:\n" + "\n".join(sql)
