"""The access rule through the selectors: purpose AND confidentiality, for every organisation."""

from __future__ import annotations

import pytest

from opgave.core.models import AuditRecord, ProcessingLogRecord
from opgave.dossiers import errors, selectors, services

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
