"""Hygiene (defect 9): private pages are not cached, logs keep traces but not locals, and the
append-only logs refuse TRUNCATE on PostgreSQL."""

from __future__ import annotations

import io
import json
import logging

import pytest
import structlog
from django.db import DatabaseError, connection, transaction
from django.test import Client

from opgave.core import logging as core_logging
from opgave.core.models import AuditRecord, Person
from opgave.core.services import audit, chain


@pytest.mark.django_db
def test_pages_for_a_logged_in_person_are_never_stored(client: Client, person: Person) -> None:
    """Regression: authenticated HTML pages with private data had no Cache-Control: no-store."""
    client.force_login(person)
    for path in ("/", "/samenwerkingen/", "/account/herstelcodes/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"], path


def _log_exception(json_output: bool) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(core_logging.formatter(json=json_output))
    logger = logging.getLogger("opgave.test.trace")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        geheim_lokaal = "LOKALE-WAARDE-8832"  # noqa: F841 - must never show up in a log line
        try:
            {}["ontbreekt"]
        except KeyError:
            logger.exception("request.failed")
            structlog.stdlib.get_logger("opgave.test.trace").exception("service.failed")
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
    return stream.getvalue()


def test_production_json_logs_keep_the_stack_trace_as_text() -> None:
    lines = [json.loads(line) for line in _log_exception(True).strip().splitlines()]
    assert [line["event"] for line in lines] == ["request.failed", "service.failed"]
    for line in lines:
        assert isinstance(line["exception"], str)
        assert "Traceback (most recent call last)" in line["exception"] and "KeyError" in line["exception"]
        assert "LOKALE-WAARDE" not in json.dumps(line)


def test_development_logs_print_no_local_variables() -> None:
    output = _log_exception(False)
    assert "KeyError" in output and "Traceback" in output
    assert "LOKALE-WAARDE" not in output and "geheim_lokaal" not in output


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
@pytest.mark.django_db
def test_postgresql_refuses_truncate_on_the_append_only_logs() -> None:
    """Regression: row triggers refused UPDATE and DELETE, but TRUNCATE emptied the logs."""
    audit.record(actor=None, action="proef", result="success")
    for table in ("core_auditrecord", "core_processinglogrecord"):
        with (
            pytest.raises(DatabaseError, match="alleen-aanvullen"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(f"TRUNCATE {table} CASCADE")
    assert AuditRecord.objects.count() == 1 and chain.verify("audit").ok
