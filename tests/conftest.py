"""Suite-wide fixtures. App-specific fixtures live next to their tests (tests/<app>/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _light_password_hashing(settings: pytest.FixtureRequest) -> None:
    """Still Argon2, with parameters light enough for a suite that logs in a lot."""
    settings.PASSWORD_HASHERS = ["tests.core.conftest.LightArgon2PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """The API's rate counters live in the (per-process) cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def _flush_may_truncate_the_logs() -> None:
    """PostgreSQL refuses TRUNCATE on the append-only logs unless the transaction allows it
    (migration core 0006). Django flushes the database between transactional tests with
    TRUNCATE: allow it for exactly those statements."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush
    if getattr(original, "_allows_log_truncate", False):
        return

    def execute_sql_flush(self: DatabaseOperations, sql_list: list[str]) -> None:
        original(self, ["SET LOCAL opgave.allow_truncate = 'on'", *sql_list])

    execute_sql_flush._allows_log_truncate = True  # type: ignore[attr-defined]
    DatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign]
