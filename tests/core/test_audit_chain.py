"""The audit log is hash-chained and append-only; `verify` names the first broken record."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from django.db import DatabaseError, connection, transaction
from tests.core.factories import OrganisationFactory, PersonFactory

from opgave.core.actors import Actor
from opgave.core.models import AppendOnlyError, AuditRecord, Organisation
from opgave.core.services import audit, chain, organisations

SYSTEM = Actor.system()

pytestmark = pytest.mark.django_db

RawSql = Callable[..., None]


def _write(n: int) -> list[AuditRecord]:
    actor = PersonFactory()
    return [
        audit.record(actor=actor, action="proef.actie", result="success", origin="127.0.0.1", detail={"n": i})
        for i in range(n)
    ]


def test_records_form_a_chain_that_verifies() -> None:
    records = _write(4)
    assert [r.seq for r in records] == [1, 2, 3, 4]
    assert records[0].prev_hash == chain.GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(records))
    result = chain.verify("audit")
    assert result.ok and result.checked == 4


def test_an_edited_record_is_detected(raw_sql: RawSql) -> None:
    _write(4)
    raw_sql("UPDATE core_auditrecord SET action = %s WHERE seq = 2", ["iets.anders"])
    result = chain.verify("audit")
    assert result.broken_seq == 2
    assert "inhoud is gewijzigd" in result.reason


def test_an_edit_with_a_recomputed_hash_breaks_the_next_link(raw_sql: RawSql) -> None:
    _write(4)
    raw_sql("UPDATE core_auditrecord SET hash = %s WHERE seq = 2", ["f" * 64])
    result = chain.verify("audit")
    assert result.broken_seq in {2, 3}


def test_a_deleted_record_is_detected(raw_sql: RawSql) -> None:
    _write(5)
    raw_sql("DELETE FROM core_auditrecord WHERE seq = 3")
    result = chain.verify("audit")
    assert result.broken_seq == 3
    assert "ontbreekt" in result.reason


def test_a_deleted_last_record_is_detected(raw_sql: RawSql) -> None:
    _write(3)
    raw_sql("DELETE FROM core_auditrecord WHERE seq = 3")
    result = chain.verify("audit")
    assert result.broken_seq == 3
    assert "aan het eind" in result.reason


def test_swapped_records_are_detected(raw_sql: RawSql) -> None:
    _write(5)
    raw_sql("UPDATE core_auditrecord SET seq = -1 WHERE seq = 2")
    raw_sql("UPDATE core_auditrecord SET seq = 2 WHERE seq = 4")
    raw_sql("UPDATE core_auditrecord SET seq = 4 WHERE seq = -1")
    result = chain.verify("audit")
    assert result.broken_seq == 2
    assert "vorige record" in result.reason


def test_swapped_contents_are_detected(raw_sql: RawSql) -> None:
    _write(2)
    raw_sql("UPDATE core_auditrecord SET detail = %s WHERE seq = 1", ['{"n": 1}'])
    raw_sql("UPDATE core_auditrecord SET detail = %s WHERE seq = 2", ['{"n": 0}'])
    assert chain.verify("audit").broken_seq == 1


def test_the_orm_refuses_to_change_or_delete_records() -> None:
    (record,) = _write(1)
    record.action = "vervalst"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.filter(pk=record.pk).update(action="vervalst")
    with pytest.raises(AppendOnlyError):
        AuditRecord.objects.all().delete()
    assert chain.verify("audit").ok


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
def test_postgresql_refuses_updates_and_deletes_in_sql() -> None:
    _write(1)
    for statement in ("UPDATE core_auditrecord SET action = 'x'", "DELETE FROM core_auditrecord"):
        with (
            pytest.raises(DatabaseError, match="alleen-aanvullen"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(statement)
    assert chain.verify("audit").ok


def test_a_change_rolls_back_when_its_audit_record_cannot_be_written(monkeypatch: pytest.MonkeyPatch) -> None:
    organisation = OrganisationFactory(name="Gemeente Ede")
    before = AuditRecord.objects.count()

    def broken_append(record: object) -> object:
        raise DatabaseError("schijf vol")

    monkeypatch.setattr(chain, "append", broken_append)
    with pytest.raises(DatabaseError):
        organisations.update_organisation(
            organisation,
            actor=SYSTEM,
            changes={"name": "Gemeente Ede (gewijzigd)"},
            expected_revision=organisation.revision,
        )
    organisation.refresh_from_db()
    assert organisation.name == "Gemeente Ede"
    assert organisation.revision == 1
    assert AuditRecord.objects.count() == before


def test_a_change_and_its_record_commit_together() -> None:
    organisation = OrganisationFactory(name="Gemeente Ede")
    organisations.update_organisation(
        organisation, actor=SYSTEM, changes={"cbs_code": "GM0228"}, expected_revision=1
    )
    organisation.refresh_from_db()
    assert organisation.cbs_code == "GM0228" and organisation.revision == 2
    last = AuditRecord.objects.order_by("-seq").first()
    assert last is not None and last.action == "organisation.update"
    assert last.object_id == str(organisation.uuid)
    assert last.detail["changes"]["cbs_code"] == {"oud": "", "nieuw": "GM0228"}
    assert Organisation.objects.get(pk=organisation.pk).cbs_code == "GM0228"


def test_audit_rejects_an_unknown_result() -> None:
    with pytest.raises(ValueError, match="result"):
        audit.record(actor=None, action="x", result="misschien")
