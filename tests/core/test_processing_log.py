"""The processing log keeps one pseudonymised, trace-linked record per processing."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from tests.core.factories import OrganisationFactory, PersonFactory, ProcessingActivityFactory

from opgave.core.models import ProcessingLogRecord
from opgave.core.services import chain, logs

pytestmark = pytest.mark.django_db
BSN = "999993653"  # a test BSN (passes the elfproef; in the range reserved for tests)


def test_the_data_subject_is_stored_only_as_a_keyed_pseudonym() -> None:
    activity = ProcessingActivityFactory()
    record = logs.log_processing(activity=activity, name="dossier-inzien", data_subject=BSN)
    assert record.data_subject == logs.pseudonymise(BSN) and record.data_subject_type == "bsn"
    assert BSN not in record.data_subject
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM core_processinglogrecord")
        row = " ".join(str(value) for value in cursor.fetchone())
    assert BSN not in row


def test_the_pseudonym_depends_on_the_key_and_is_stable() -> None:
    first = logs.pseudonymise(BSN)
    assert logs.pseudonymise(BSN) == first
    assert logs.pseudonymise(BSN, kind="vreemdelingennummer") != first
    with override_settings(PSEUDONYM_KEY="een-andere-sleutel"):
        assert logs.pseudonymise(BSN) != first


def test_a_record_joins_the_request_trace_as_a_child_span() -> None:
    activity = ProcessingActivityFactory(code="schuldhulp")
    organisation, person = OrganisationFactory(), PersonFactory()
    request = RequestFactory().get("/")
    request.trace_id, request.span_id = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"  # type: ignore[attr-defined]
    request.user, request.organisation = person, organisation  # type: ignore[attr-defined]
    record = logs.log_processing(
        activity="schuldhulp", name="dossier-inzien", data_subject=BSN, request=request
    )
    assert record.trace_id == "4bf92f3577b34da6a3ce929d0e0e4736"
    assert record.parent_span_id == "00f067aa0ba902b7"
    assert len(record.span_id) == 16 and record.span_id != record.parent_span_id
    assert record.activity == activity and record.organisation == organisation and record.actor == person


def test_the_context_manager_times_the_work_and_marks_errors() -> None:
    ProcessingActivityFactory(code="toets")
    with logs.processing(activity="toets", name="berekenen", data_subject=BSN) as span:
        pass
    assert span.record is not None and span.record.status == "ok"
    assert span.record.started_at <= span.record.ended_at
    with (
        pytest.raises(RuntimeError),
        logs.processing(activity="toets", name="berekenen", data_subject=BSN) as failed,
    ):
        raise RuntimeError("mislukt")
    assert failed.record is not None and failed.record.status == "error"
    assert chain.verify("processing").ok


def test_an_unregistered_activity_is_refused() -> None:
    with pytest.raises(LookupError, match="register"):
        logs.log_processing(activity="bestaat-niet", name="x", data_subject=BSN)


def test_the_processing_chain_detects_tampering(raw_sql: Callable[..., None]) -> None:
    activity = ProcessingActivityFactory()
    for _ in range(3):
        logs.log_processing(activity=activity, name="dossier-inzien", data_subject=BSN)
    raw_sql("UPDATE core_processinglogrecord SET status = 'error' WHERE seq = 2")
    result = chain.verify("processing")
    assert result.broken_seq == 2
    assert ProcessingLogRecord.objects.count() == 3


def test_several_records_are_appended_in_one_step_and_the_chain_verifies() -> None:
    activity = ProcessingActivityFactory(code="tijdlijn")
    logs.log_processing(activity="tijdlijn", name="eerste", data_subject=BSN)

    def read(count: int) -> list[ProcessingLogRecord]:
        return logs.log_processings(
            logs.processing_record(activity="tijdlijn", name="tijdlijn-inzien", data_subject=f"{BSN}{n}")
            for n in range(count)
        )

    # The same statements for 2 records as for 40: the head (its lock), one insert, the new head hash.
    with CaptureQueriesContext(connection) as two:
        read(2)
    with CaptureQueriesContext(connection) as forty:
        records = read(40)
    statements = [query["sql"].split()[0] for query in forty.captured_queries]
    assert len(two.captured_queries) == len(forty.captured_queries)
    if connection.vendor == "postgresql":  # the insert and the new head hash are one statement there
        assert statements.count("WITH") == 1 and statements.count("UPDATE") == 1
        assert "INSERT" not in statements
    else:
        assert statements.count("INSERT") == 1 and statements.count("UPDATE") == 2
    assert all(record.pk for record in records)
    assert [record.seq for record in records] == list(range(4, 44))
    assert all(record.activity_id == activity.pk for record in records)
    assert chain.verify(ProcessingLogRecord.LOG_NAME).ok


def test_the_register_lookup_is_forgotten_when_the_register_changes() -> None:
    # A register rebuilt under the same code (a restored database, a test rolled back) gets new
    # keys; the per-process lookup must not keep pointing at the old one.
    ProcessingActivityFactory(code="herhaald")
    logs.log_processing(activity="herhaald", name="a", data_subject=BSN)
    assert "herhaald" in logs._ACTIVITY_IDS
    ProcessingActivityFactory(code="nieuw")
    assert logs._ACTIVITY_IDS == {}


def test_an_unknown_register_entry_is_refused() -> None:
    with pytest.raises(LookupError, match="not in the register"):
        logs.log_processing(activity="bestaat-niet", name="x", data_subject=BSN)
