"""One way of timing a callable, shared by the in-process benchmark and the peers' runner.

Standard library only: the peers' runner imports it inside its own virtualenv.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def timed(run: Callable[[], Any], seconds: float, *, warmup: int = 50) -> tuple[float, float]:
    """Return (median latency in µs, evaluations per second) of ``run`` over about ``seconds``."""
    for _ in range(warmup):
        run()
    samples: list[float] = []
    deadline = time.perf_counter() + seconds / 2
    while time.perf_counter() < deadline:
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    median = statistics.median(samples)
    # Throughput: batches of about 10 ms; the median batch rate is robust to pauses of other processes.
    batch = max(1, int(0.01 / median))
    rates: list[float] = []
    deadline = time.perf_counter() + seconds / 2
    while time.perf_counter() < deadline or not rates:
        start = time.perf_counter()
        for _ in range(batch):
            run()
        rates.append(batch / (time.perf_counter() - start))
    return median * 1e6, statistics.median(rates)
