"""Concurrent appends to a chain queue behind each other: no duplicate seq, the chain stays intact."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from opgave.core.models import AuditRecord
from opgave.core.services import audit, chain


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server database with real concurrency")
@pytest.mark.django_db(transaction=True)
def test_parallel_appends_keep_the_chain_intact() -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(15):
                audit.record(
                    actor=None, action="proef.parallel", result="success", detail={"writer": n, "i": i}
                )
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert AuditRecord.objects.count() == 60
    assert sorted(AuditRecord.objects.values_list("seq", flat=True)) == list(range(1, 61))
    result = chain.verify("audit")
    assert result.ok, result.reason
