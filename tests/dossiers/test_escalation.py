"""Every write that changes who sees what: accepting a participant, adding or widening a purpose,
raising a clearance, changing the regisseur. No principal ends up seeing more than it could be granted."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from opgave.core.actors import Actor
from opgave.core.models import AuditRecord, Membership
from opgave.core.services import tokens as token_service
from opgave.dossiers import errors, selectors, services

from .conftest import World


def _visible(world: World, key: str) -> set[str]:
    actor = world.actor(key)
    _d, part = selectors.dossier(actor, world.dossier.uuid)
    return {v.title for v in selectors.timeline(actor, part)}


def _part(world: World, key: str):  # type: ignore[no-untyped-def]
    return world.dossier.participations.get(
        organisation=world.orgs[key], status__in=["actief", "aangevraagd"]
    )


def test_a_request_gives_no_access_until_accepted(world: World) -> None:
    with pytest.raises(errors.Forbidden):
        selectors.dossier(world.actor("raad"), world.dossier.uuid)


def test_only_the_regisseur_accepts(world: World) -> None:
    with pytest.raises(errors.Forbidden):
        services.decide_participation(
            actor=world.actor("school"), participation=_part(world, "raad"), accept=True
        )
    assert AuditRecord.objects.filter(action="participation.accept", result="denied").exists()


def test_nobody_grants_more_clearance_than_they_hold(world: World) -> None:
    gem = world.actor("gemeente")
    services.transfer_regisseur(actor=gem, dossier=world.dossier, to=_part(world, "school"))
    raad = _part(world, "raad")
    raad.clearance = 3
    raad.save()
    with pytest.raises(errors.Forbidden):
        services.decide_participation(actor=world.actor("school"), participation=raad, accept=True)
    accepted = services.decide_participation(
        actor=world.actor("school"), participation=raad, accept=True, clearance=1
    )
    assert accepted.clearance == 1


def test_the_regisseur_cannot_widen_its_own_purposes_or_clearance(world: World) -> None:
    from tests.core.factories import ProcessingActivityFactory

    ProcessingActivityFactory(code="t-gedeeld", controller=None)  # shared: claimable, yet not self-granted
    gem = world.actor("gemeente")
    own = _part(world, "gemeente")
    with pytest.raises(errors.Forbidden):
        services.change_participation(
            actor=gem,
            participation=own,
            expected_revision=own.revision,
            purposes=["t-jeugdhulp", "t-veiligheid", "t-gedeeld"],
        )
    services.transfer_regisseur(actor=gem, dossier=world.dossier, to=_part(world, "ggz"))
    ggz = world.actor("ggz")
    own = _part(world, "ggz")
    with pytest.raises(errors.Forbidden):
        services.change_participation(
            actor=ggz, participation=own, expected_revision=own.revision, clearance=3
        )


def test_a_participant_cannot_change_its_own_participation(world: World) -> None:
    own = _part(world, "school")
    before = _visible(world, "school")
    with pytest.raises(errors.Forbidden):
        services.change_participation(
            actor=world.actor("school"), participation=own, expected_revision=own.revision, clearance=3
        )
    with pytest.raises(errors.Forbidden):
        services.change_participation(
            actor=world.actor("school"), participation=own, expected_revision=own.revision, purposes=["t-ggz"]
        )
    assert _visible(world, "school") == before


def test_a_purpose_of_another_controller_cannot_be_granted(world: World) -> None:
    school = _part(world, "school")
    with pytest.raises(errors.Invalid):
        services.change_participation(
            actor=world.actor("gemeente"),
            participation=school,
            expected_revision=school.revision,
            purposes=["t-ggz"],
        )


def test_raising_another_participants_clearance_is_bounded_by_the_regisseurs_own(world: World) -> None:
    gem = world.actor("gemeente")
    services.transfer_regisseur(actor=gem, dossier=world.dossier, to=_part(world, "ggz"))
    school = _part(world, "school")
    with pytest.raises(errors.Forbidden):
        services.change_participation(
            actor=world.actor("ggz"), participation=school, expected_revision=school.revision, clearance=3
        )
    changed = services.change_participation(
        actor=world.actor("ggz"), participation=school, expected_revision=school.revision, clearance=2
    )
    assert changed.clearance == 2
    assert "geheim-jeugd-vertrouwelijk" in _visible(world, "school")  # granted, and no more
    assert "geheim-veiligheid-strikt" not in _visible(world, "school")


def test_changing_the_regisseur_changes_who_decides_not_who_sees(world: World) -> None:
    before = {key: _visible(world, key) for key in ("gemeente", "ggz", "school")}
    services.transfer_regisseur(
        actor=world.actor("gemeente"), dossier=world.dossier, to=_part(world, "school")
    )
    assert {key: _visible(world, key) for key in ("gemeente", "ggz", "school")} == before
    with pytest.raises(errors.Forbidden):
        services.transfer_regisseur(
            actor=world.actor("gemeente"), dossier=world.dossier, to=_part(world, "gemeente")
        )


def test_narrowing_purposes_ends_access_at_once(world: World) -> None:
    ggz = _part(world, "ggz")
    services.change_participation(
        actor=world.actor("gemeente"), participation=ggz, expected_revision=ggz.revision, purposes=["t-ggz"]
    )
    assert "geheim-jeugd-normaal" not in _visible(world, "ggz")


def test_a_token_whose_issuer_left_the_organisation_sees_nothing(world: World) -> None:
    token, _secret = token_service.issue_token(
        organisation=world.orgs["ggz"],
        name="koppeling",
        scopes=["dossiers:read"],
        actor=Actor.for_person(world.people["ggz"]),
    )
    actor = Actor.for_token(token)
    assert selectors.my_dossiers(actor).exists()
    Membership.objects.filter(person=world.people["ggz"], organisation=world.orgs["ggz"]).delete()
    assert not selectors.my_dossiers(Actor.for_token(token)).exists()


def test_a_read_scoped_token_cannot_write(world: World) -> None:
    token, _secret = token_service.issue_token(
        organisation=world.orgs["gemeente"],
        name="lezen",
        scopes=["dossiers:read"],
        actor=Actor.for_person(world.people["gemeente"]),
    )
    with pytest.raises(errors.Forbidden):
        services.add_entry(
            actor=Actor.for_token(token),
            dossier=world.dossier,
            kind="notitie",
            title="x",
            purpose="t-jeugdhulp",
        )


def test_the_timeline_costs_the_same_number_of_queries_for_any_number_of_entries(world: World) -> None:
    client = world.client("gemeente")
    url = f"/api/v1/dossiers/{world.dossier.uuid}/entries?limit=100"
    client.get(url)  # warm caches (session, content types)

    def measure() -> list[str]:
        # the dossier's and the log's statements only: the session's own housekeeping (a refresh
        # once a minute) made the total flaky on a slow machine
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return _dossier_statements(queries)

    few = measure()
    page_few = _page_queries(world)
    for i in range(20):
        services.add_entry(
            actor=world.actor("gemeente"),
            dossier=world.dossier,
            kind="notitie",
            title=f"extra {i}",
            purpose="t-jeugdhulp",
        )
    assert measure() == few
    assert _page_queries(world) == page_few


def _page_queries(world: World) -> list[str]:
    client = world.client("gemeente")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/dossiers/{world.dossier.uuid}/").status_code == 200
    return _dossier_statements(queries)


def _dossier_statements(queries: CaptureQueriesContext) -> list[str]:
    """The statements of a request that belong to the dossier read and its processing log (not the
    API's token check and throttle, which other code owns)."""
    tables = ("dossiers_", "core_processingactivity", "core_loghead", "core_processinglogrecord")
    return [q["sql"].split(" ", 1)[0] for q in queries.captured_queries if any(t in q["sql"] for t in tables)]


def test_the_api_timeline_reads_the_dossier_in_three_statements_whatever_the_entries(world: World) -> None:
    # participation with its dossier; one page of entries (purposes and clearance inside that query);
    # the subjects; then the processing-log append (head, records, head hash). The purposes used to
    # be a query of their own (ADR 0051).
    _token, secret = token_service.issue_token(
        organisation=world.orgs["gemeente"],
        name="tijdlijn",
        scopes=["dossiers:read"],
        actor=Actor.for_person(world.people["gemeente"]),
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_ACCEPT="application/json")
    url = f"/api/v1/dossiers/{world.dossier.uuid}/entries"
    # The append: lock the head, then insert and store the new head hash — on PostgreSQL one
    # statement (``WITH … INSERT … UPDATE``, ADR 0047), elsewhere two.
    append = ["WITH"] if connection.vendor == "postgresql" else ["INSERT", "UPDATE"]
    expected = ["SELECT", "SELECT", "SELECT", "UPDATE", *append]
    for round_ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.json()["items"]
        assert _dossier_statements(queries) == expected
        for i in range(30 * (1 - round_)):
            services.add_entry(
                actor=world.actor("gemeente"),
                dossier=world.dossier,
                kind="notitie",
                title=f"extra {i}",
                purpose="t-jeugdhulp",
            )
