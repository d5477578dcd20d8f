"""The access rule through the selectors: purpose AND confidentiality, for every organisation."""

from __future__ import annotations

import pytest
from tests.core.factories import OrganisationFactory

from opgave.core.models import AuditRecord, ProcessingLogRecord
from opgave.dossiers import errors, selectors, services
from opgave.dossiers.models import Participation

from .conftest import EXPECTED_VISIBLE, World


@pytest.mark.parametrize("org", ["gemeente", "ggz", "school"])
def test_each_organisation_sees_exactly_its_subset(world: World, org: str) -> None:
    actor = world.actor(org)
    _dossier, part = selectors.dossier(actor, world.dossier.uuid)
    seen = {v.title.removeprefix("geheim-") for v in selectors.timeline(actor, part)}
    assert seen == EXPECTED_VISIBLE[org]
    assert selectors.entry_count(part) == len(EXPECTED_VISIBLE[org])


@pytest.mark.parametrize("org", ["raad", "outsider"])
def test_without_active_participation_the_dossier_is_refused_and_audited(world: World, org: str) -> None:
    before = AuditRecord.objects.filter(result="denied", action="dossier.view").count()
    with pytest.raises(errors.Forbidden):
        selectors.dossier(world.actor(org), world.dossier.uuid)
    assert AuditRecord.objects.filter(result="denied", action="dossier.view").count() == before + 1


def test_a_hidden_entry_is_not_found_and_the_denial_logged(world: World) -> None:
    actor = world.actor("school")
    _dossier, part = selectors.dossier(actor, world.dossier.uuid)
    with pytest.raises(errors.NotFound):
        selectors.entry(actor, part, world.entries["ggz-vertrouwelijk"].uuid)
    assert AuditRecord.objects.filter(result="denied", action="entry.view").exists()


def test_leaving_ends_access_immediately(world: World) -> None:
    actor = world.actor("ggz")
    _dossier, part = selectors.dossier(actor, world.dossier.uuid)
    services.leave(actor=actor, participation=part)
    with pytest.raises(errors.Forbidden):
        selectors.dossier(actor, world.dossier.uuid)
    assert not selectors.my_dossiers(actor).exists()


def test_search_only_finds_visible_entries(world: World) -> None:
    actor = world.actor("school")
    _dossier, part = selectors.dossier(actor, world.dossier.uuid)
    assert selectors.timeline(actor, part, query="inhoud-ggz") == []
    assert [v.title for v in selectors.timeline(actor, part, query="inhoud-school")] == [
        "geheim-school-normaal"
    ]


def test_reading_the_timeline_writes_one_record_per_subject_and_purpose(world: World) -> None:
    actor = world.actor("ggz")
    _dossier, part = selectors.dossier(actor, world.dossier.uuid)
    before = ProcessingLogRecord.objects.count()
    selectors.timeline(actor, part)
    new = ProcessingLogRecord.objects.order_by("seq")[before:]
    # two subjects x two purposes (jeugdhulp, ggz)
    assert len(new) == 4
    assert {r.activity.code for r in new} == {"t-jeugdhulp", "t-ggz"}
    assert len({r.data_subject for r in new}) == 2
    assert all(r.organisation_id == world.orgs["ggz"].pk for r in new)


def test_obligations_tied_to_a_hidden_signal_are_hidden_too(world: World) -> None:
    gem = world.actor("gemeente")
    _d, gem_part = selectors.dossier(gem, world.dossier.uuid)
    codes = {o.code for o in selectors.obligations(gem_part)}
    assert "raad-informeren" in codes
    school = world.actor("school")
    _d, school_part = selectors.dossier(school, world.dossier.uuid)
    assert "raad-informeren" not in {o.code for o in selectors.obligations(school_part)}
    assert "raad-informeren" not in {o.code for o in selectors.work_list(school)}


def _every_kind_of_participation(world: World) -> list[Participation]:
    """The world's participations (regisseur, two purposes each, requested) plus a left and a refused
    one with purposes, and active ones without a purpose, with too low a clearance, and low but enough."""
    dossier = world.dossier
    made = []
    for status, codes, clearance in (
        (Participation.Status.LEFT, ["jeugdhulp"], 3),
        (Participation.Status.REFUSED, ["ggz"], 3),
        (Participation.Status.ACTIVE, [], 3),
        (Participation.Status.ACTIVE, ["veiligheid"], 2),
        (Participation.Status.ACTIVE, ["jeugdhulp", "onderwijs"], 1),
    ):
        part = Participation.objects.create(
            dossier=dossier,
            organisation=OrganisationFactory(),
            role="uitvoerder",
            clearance=clearance,
            status=status,
        )
        part.purposes.set([world.purposes[code] for code in codes])
        made.append(part)
    return [*Participation.objects.filter(dossier=dossier).exclude(pk__in=[p.pk for p in made]), *made]


def test_the_timelines_sql_applies_the_same_access_rule_as_every_other_read(world: World) -> None:
    """`timeline_rows` (hand-written SQL, the API timeline) and `visible_entries` (the ORM: pages,
    count, search, export) give the same entries in the same order, page by page, for every kind
    of participation — including entries created in the same microsecond (the id breaks the tie)."""
    import datetime as dt

    from opgave.dossiers.models import Entry

    stamp = world.entries["jeugd-normaal"].created_at
    for entry in Entry.objects.filter(pk__in=[e.pk for e in world.entries.values()][:3]):
        entry.created_at = stamp  # ties
        entry.save(update_fields=["created_at"])
    Entry.objects.filter(pk=world.entries["school-normaal"].pk).update(
        created_at=stamp + dt.timedelta(seconds=1)
    )
    parts = _every_kind_of_participation(world)
    assert len({(p.status, p.clearance) for p in parts}) >= 4
    nonempty = 0
    for part in parts:
        expected = list(selectors.visible_entries(part).order_by("-created_at", "pk"))
        assert selectors.timeline_rows(part, after=None, limit=100) == expected, part
        paged, after = [], None
        while page := selectors.timeline_rows(part, after=after, limit=2):
            paged += page
            after = (page[-1].created_at, page[-1].pk)
        assert paged == expected, part
        nonempty += bool(expected)
        for row in paged:  # the joined rows are loaded, as select_related would
            assert row.author_organisation.name and row.purpose.code
    assert nonempty >= 3
