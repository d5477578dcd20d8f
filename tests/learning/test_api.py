"""The learning API: search with facets, visibility, If-Match, Idempotency-Key, problem+json."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.api.conftest import ApiClient

from opgave.core.actors import Actor
from opgave.core.models import AuditRecord
from opgave.learning import services

from .conftest import World, act, make_org, make_person

BASE = "/api/v1/learning"


@pytest.mark.django_db
def test_search_finds_dutch_forms_and_hides_collaboration_only_lessons(world: World) -> None:
    services.record_lesson(
        actor=act(world.anna),
        collaboration=world.schulden,
        title="Elk huishouden één regisseur",
        visibility="platform",
    )
    services.record_lesson(actor=act(world.anna), collaboration=world.schulden, title="Huishouden intern")
    outsider = ApiClient(person=world.otto).get(f"{BASE}/academy?q=huishoudens")
    assert outsider.status == 200
    assert [r["title"] for r in outsider.body["results"]] == ["Elk huishouden één regisseur"]
    assert outsider.body["total"] == 1
    assert sum(f["count"] for f in outsider.body["facets"]["order"]) == 1
    insider = ApiClient(person=world.anna).get(f"{BASE}/academy?q=huishoudens")
    assert insider.body["total"] == 2


@pytest.mark.django_db
def test_recording_a_lesson_is_idempotent_and_audited(world: World) -> None:
    client = ApiClient(person=world.anna)
    body = {
        "collaboration": str(world.schulden.uuid),
        "title": "Bel eerst",
        "order": 2,
        "instrument": "juridisch",
        "tags": ["Bellen"],
    }
    first = client.post(f"{BASE}/lessons", body, headers={"Idempotency-Key": "les-1"})
    again = client.post(f"{BASE}/lessons", body, headers={"Idempotency-Key": "les-1"})
    assert first.status == 201 and again.status == 201
    assert first.body["id"] == again.body["id"] and first.body["tags"] == ["bellen"]
    assert first.headers["ETag"].startswith('"1-')
    record = AuditRecord.objects.filter(action="lesson.create").get()
    assert record.actor == world.anna


@pytest.mark.django_db
def test_a_lesson_needs_exactly_one_source_and_a_readable_error(world: World) -> None:
    reply = ApiClient(person=world.anna).post(f"{BASE}/lessons", {"title": "Zwevend"})
    assert reply.status == 422
    assert reply.content_type.startswith("application/problem+json")
    assert "samenwerking of een twinning" in reply.body["detail"]


@pytest.mark.django_db
def test_editing_a_lesson_needs_if_match_and_refuses_a_stale_one(world: World) -> None:
    lesson = services.record_lesson(
        actor=act(world.anna), collaboration=world.schulden, title="Oud", visibility="platform"
    )
    client = ApiClient(person=world.anna)
    url = f"{BASE}/lessons/{lesson.uuid}"
    assert client.patch(url, {"title": "Nieuw"}).status == 428
    etag = client.get(url).headers["ETag"]
    assert client.patch(url, {"title": "Nieuw"}, headers={"If-Match": etag}).status == 200
    stale = client.patch(url, {"title": "Nog nieuwer"}, headers={"If-Match": etag})
    assert stale.status == 412
    assert client.get(url).body["title"] == "Nieuw"


@pytest.mark.django_db
def test_an_outsider_may_read_but_not_edit_a_platform_lesson(world: World) -> None:
    lesson = services.record_lesson(
        actor=act(world.anna), collaboration=world.schulden, title="Gedeeld", visibility="platform"
    )
    client = ApiClient(person=world.otto)
    url = f"{BASE}/lessons/{lesson.uuid}"
    etag = client.get(url).headers["ETag"]
    reply = client.patch(url, {"title": "Gekaapt"}, headers={"If-Match": etag})
    assert reply.status == 403
    assert AuditRecord.objects.filter(action="lesson.update", result="denied").exists()


@pytest.mark.django_db
def test_a_collaboration_only_lesson_is_not_found_for_others(world: World) -> None:
    lesson = services.record_lesson(actor=act(world.anna), collaboration=world.schulden, title="Intern")
    assert ApiClient(person=world.otto).get(f"{BASE}/lessons/{lesson.uuid}").status == 404


@pytest.mark.django_db
def test_proposal_flow_over_the_api(db: object) -> None:
    ind, svb = make_org("IND"), make_org("SVB")
    ilse, sven = make_person("ilse", ind, admin=True), make_person("sven", svb)
    twinning = services.start_twinning(
        actor=Actor.system(),
        name="IND en SVB",
        partner_a=ind,
        partner_b=svb,
        started_on=dt.date(2025, 1, 1),
        planned_end_on=dt.date(2027, 1, 1),
        goals="Leren",
    )
    submitted = ApiClient(person=sven).post(
        f"{BASE}/twinnings/{twinning.uuid}/proposals", {"title": "Meelopen", "description": "Een dag"}
    )
    assert submitted.status == 201 and submitted.body["status"] == "ingediend"
    reviewer = ApiClient(person=ilse)
    url = f"/api/v1/learning/proposals/{submitted.body['id']}"
    etag = reviewer.get(url).headers["ETag"]
    decided = reviewer.call(
        "PUT", f"{url}/decision", {"approve": True, "note": "Doen"}, headers={"If-Match": etag}
    )
    assert decided.status == 200 and decided.body["status"] == "goedgekeurd"
    own = ApiClient(person=sven).call("PUT", f"{url}/decision", {"approve": True}, headers={"If-Match": "*"})
    assert own.status == 403


@pytest.mark.django_db
def test_registry_overlaps_and_csv_over_the_api(world: World) -> None:
    client = ApiClient(person=world.otto)
    entries = client.get(f"{BASE}/registry")
    assert {e["name"] for e in entries.body} == {"Schulden", "Wonen"}
    csv = client.get(f"{BASE}/registry/export.csv")
    assert csv.status == 200 and csv.content_type.startswith("text/csv")
    assert client.get(f"{BASE}/registry/{world.schulden.uuid}/overlaps").body == []


@pytest.mark.django_db
def test_search_says_when_the_total_is_capped(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    from opgave.learning import search as academy_search

    monkeypatch.setattr(academy_search, "COUNT_CAP", 2)
    for title in ("Elk huishouden telt", "Huishouden en buurt", "Huishouden met een regisseur"):
        services.record_lesson(
            actor=act(world.anna), collaboration=world.schulden, title=title, visibility="platform"
        )
    capped = ApiClient(person=world.otto).get(f"{BASE}/academy?q=huishoudens")
    assert capped.status == 200
    assert (capped.body["total"], capped.body["total_exact"], capped.body["facets_exact"]) == (
        2,
        False,
        False,
    )
    past = ApiClient(person=world.otto).get(f"{BASE}/academy?q=huishoudens&offset=2")
    assert len(past.body["results"]) == 1
    exact = ApiClient(person=world.otto).get(f"{BASE}/academy?q=huishoudens+regisseur")
    assert (exact.body["total"], exact.body["total_exact"]) == (1, True)
