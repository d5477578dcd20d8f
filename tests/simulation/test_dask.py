"""The same evaluation on a Dask cluster (two in-process workers) gives exactly the single-machine
result, row for row, and the whole report is equal."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from opgave.rules import reference
from opgave.simulation import engine, report
from opgave.simulation.population import generate

DECISION = "Zorgtoeslag per jaar"


def _side(year: int) -> engine.Side:
    spec = next(v for v in reference.ZORGTOESLAG["versions"] if v["year"] == year)
    return engine.Side(spec["file"].read_text(encoding="utf-8"), (), {})


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    from distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None)
    connected = Client(cluster)
    try:
        yield connected
    finally:
        connected.close()
        cluster.close()


def test_two_dask_workers_give_the_single_machine_result_row_for_row(client: Any) -> None:
    assert len(client.scheduler_info()["workers"]) == 2
    population = generate(25_000, seed=11)
    seen: list[int] = []
    local = [engine.evaluate(_side(y), population, DECISION, chunk=4_000) for y in (2024, 2025)]
    spread = [
        engine.evaluate_on_dask(
            _side(y), population, DECISION, client=client, partitions=7, progress=lambda d, t: seen.append(d)
        )
        for y in (2024, 2025)
    ]
    for one, other in zip(local, spread, strict=True):
        assert one.len() == other.len() == population.height
        assert one.equals(other)
    assert seen[-1] == population.height
    assert report.build(population, *local) == report.build(population, *spread)


def test_an_empty_population_gives_an_empty_result_on_dask(client: Any) -> None:
    empty = generate(10, seed=1).head(0)
    assert engine.evaluate_on_dask(_side(2025), empty, DECISION, client=client).len() == 0
