"""The API's rate counter in the database (no shared cache): exact, and never at the cost of durability.

On PostgreSQL the counter's one-statement transaction commits without waiting for the WAL flush
(ADR 0052); these tests hold that it still counts every request, also in parallel, and that the
setting never outlives that statement — the processing log written on the same connection next
keeps its synchronous commit.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections

from opgave.api import throttling

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"
)


@pytest.mark.django_db
def test_the_counter_counts_each_request_of_its_window() -> None:
    now = time.time()
    assert [throttling.count_in_database("k:a", now, 60) for _ in range(3)] == [1, 2, 3]
    assert throttling.count_in_database("k:b", now, 60) == 1
    assert throttling.peek("k:a") == 3


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_asynchronous_commit_ends_with_the_counters_statement() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        before = cursor.fetchone()[0]
        throttling.count_in_database("k:sync", time.time(), 60)
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == before != "off"


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_parallel_requests_are_all_counted() -> None:
    now = time.time()
    barrier = threading.Barrier(10)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(20):
                throttling.count_in_database("k:parallel", now, 60)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert throttling.peek("k:parallel") == 200
