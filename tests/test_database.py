"""The suite must reach a real database: a run without one fails here instead of skipping into green."""

from __future__ import annotations

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_database_is_reachable_and_of_the_configured_kind() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected
