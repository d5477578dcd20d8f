"""Suite-wide fixtures. App-specific fixtures live next to their tests (tests/<app>/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

LIGHT_HASHERS = ["tests.core.conftest.LightArgon2PasswordHasher"]


# The longest modules, started first. pytest-xdist (``--dist loadgroup``) hands out the xdist
# groups first (largest first), then the other tests in collection order, to whichever worker
# asks; a long test collected late would keep one worker busy alone at the end of the run. Each
# of these takes from tens of seconds (a demo load) to minutes (the page crawls). A whole module
# is moved, so that its tests that share the demo (``demo_once``) stay together.
LONGEST_FIRST = (
    "tests/browser/test_page_crawl_in_chromium.py",
    "tests/web/test_crawl.py",
    "tests/core/test_cli.py",
    "tests/collaborations/test_demo.py",
    "tests/dossiers/test_demo.py",
    "tests/learning/test_demo.py",
    "tests/collaborations/test_fair_diagnostics.py",
    "tests/web/test_newcomer.py",
)


def _rank(item: pytest.Item) -> int:
    path = item.nodeid.split("::")[0]
    return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Put the modules of :data:`LONGEST_FIRST` in front, in that order (the rest keeps its order)."""
    items.sort(key=_rank)


@pytest.fixture(autouse=True)
def _light_password_hashing(settings: pytest.FixtureRequest) -> None:
    """Still Argon2, with parameters light enough for a suite that logs in a lot."""
    settings.PASSWORD_HASHERS = LIGHT_HASHERS  # type: ignore[attr-defined]


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


@pytest.fixture(scope="module")
def demo_once(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The whole demo scenario, loaded ONCE per test module (and xdist worker) instead of per test.

    It is loaded inside a transaction that is rolled back after the module's last test. Request
    it together with ``db`` (the ``demo`` fixtures of the demo modules do): every test then runs
    in a savepoint inside that transaction, so a test that writes (loads the demo again, resets
    it, crawls pages that record something) leaves the next test the demo exactly as loaded.
    Not for ``transactional_db`` or ``live_server`` tests: they need committed data.
    """
    from django.db import transaction
    from django.test.utils import override_settings

    from opgave.core import demo_loader

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(DEMO_MODE=True, PASSWORD_HASHERS=LIGHT_HASHERS):
                demo_loader.load()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# Rows the migrations write (register entries of the processing log, ...): a transactional test
# ends with a flush that empties every table, and a test that runs after it on the same worker
# would miss them. pytest-django orders transactional tests after the others, but xdist's groups
# and LONGEST_FIRST change that order, so they are put back after every flush instead.
_SEEDED: list[Any] = []
_RECREATED_BY_FLUSH = {"contenttypes.contenttype", "auth.permission"}  # post_migrate makes these again


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """pytest-django's test database, plus a copy of the rows its migrations wrote."""
    from django.apps import apps
    from django.test import TransactionTestCase

    with django_db_blocker.unblock():
        _SEEDED[:] = [
            (model, list(model._base_manager.all()))
            for model in apps.get_models()
            if model._meta.label_lower not in _RECREATED_BY_FLUSH
            and not model._meta.proxy
            and model._meta.managed
            and model._base_manager.exists()
        ]
    if getattr(TransactionTestCase._fixture_teardown, "_puts_seeds_back", False):
        return
    original = TransactionTestCase._fixture_teardown

    def _fixture_teardown(self: TransactionTestCase) -> None:
        original(self)
        _put_seeded_rows_back()

    _fixture_teardown._puts_seeds_back = True  # type: ignore[attr-defined]
    TransactionTestCase._fixture_teardown = _fixture_teardown  # type: ignore[method-assign]


def _put_seeded_rows_back() -> None:
    from django.core.management.color import no_style
    from django.db import connection

    restored = []
    for model, rows in _SEEDED:
        if not model._base_manager.exists():
            model._base_manager.bulk_create(rows)
            restored.append(model)
    if restored:
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), restored):
                cursor.execute(statement)
