"""A transactional test ends with a flush that empties every table; the rows the migrations wrote
(the register entries of the processing log) are put back for the tests after it (tests/conftest.py).

pytest-django runs a test without the ``db`` fixture after the transactional ones, so the second
test here runs after the first one's flush, as a database test on the same xdist worker may."""

from __future__ import annotations

from typing import Any

from django.db import connection

from opgave.core.models import ProcessingActivity

SEEDED = "avg-inzageverzoek"  # written by migration dossiers 0002


def test_a_transactional_test_sees_the_migrated_rows(transactional_db: None) -> None:
    assert ProcessingActivity.objects.filter(code=SEEDED).exists()


def test_the_migrated_rows_are_back_after_its_flush(django_db_setup: None, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        try:
            assert ProcessingActivity.objects.filter(code=SEEDED).exists()
        finally:
            connection.close()  # opened outside pytest-django's care: it would outlive the run
