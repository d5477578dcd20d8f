"""Vectorised DMN: persons per second of Model.evaluate_frame against Model.evaluate in a loop.

Run from the repository root::

    PYTHONPATH=src .venv/bin/python benchmarks/dmn/vectorised.py [--sizes 10000 100000 1000000] [--json]

The model is the shipped zorgtoeslag 2025 rule set (src/opgave/rules/reference/zorgtoeslag).
The population is synthetic and uniform (ages 0-100, incomes 0-80,000 and assets 0-300,000
euro in cents, 95% insured, half with a partner); the realistic CBS-based population is the
``simulation`` work. Inputs are in memory before timing (numbers as Decimal(38, 2) columns,
as the per-case engine's Decimal). For each size the script reports wall-clock persons/s,
CPU seconds (all threads: Polars is multi-threaded), peak RSS and the load average; the per-case
figure comes from a loop over a sample of rows, whose results are compared with the vectorised
ones (every row must be equal). Rows per second depend on the machine's load: read them next to
the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "src"))

from opgave.dmn import load_model  # noqa: E402

MODEL = REPO / "src" / "opgave" / "rules" / "reference" / "zorgtoeslag" / "zorgtoeslag-2025.dmn"
DECISION = "Zorgtoeslag per maand"


def population(size: int, seed: int = 2025) -> pl.DataFrame:
    rng = np.random.default_rng(seed)

    def euros(high: int) -> pl.Series:
        cents = pl.Series(rng.integers(0, high * 100, size), dtype=pl.Int64)
        return cents.cast(pl.Decimal(38, 0)) * Decimal("0.01")

    return pl.DataFrame(
        {
            "leeftijd": pl.Series(rng.integers(0, 101, size), dtype=pl.Int64),
            "verzekerd": pl.Series(rng.random(size) < 0.95),
            "toeslagpartner": pl.Series(rng.random(size) < 0.5),
            "toetsingsinkomen": euros(80_000),
            "vermogen": euros(300_000),
        }
    )


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def per_case(model: Any, frame: pl.DataFrame, sample: int) -> tuple[float, list[Any]]:
    rows = frame.head(sample).to_dicts()
    start = time.perf_counter()
    values = [model.evaluate(DECISION, row).value for row in rows]
    elapsed = time.perf_counter() - start
    return len(rows) / elapsed, values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--sample", type=int, default=5_000, help="rows evaluated per case (default 5000)")
    parser.add_argument("--repeat", type=int, default=3, help="vectorised runs per size; the best counts")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    model = load_model(MODEL)
    results: list[dict[str, Any]] = []
    for size in args.sizes:
        frame = population(size)
        best_wall, best_cpu = float("inf"), float("inf")
        out = None
        for _ in range(args.repeat):
            cpu = time.process_time()
            wall = time.perf_counter()
            out = model.evaluate_frame(frame, [DECISION])
            best_wall = min(best_wall, time.perf_counter() - wall)
            best_cpu = min(best_cpu, time.process_time() - cpu)
        assert out is not None
        rate_case, expected = per_case(model, frame, min(args.sample, size))
        got = out[DECISION].head(len(expected)).to_list()
        mismatches = sum(1 for a, b in zip(got, expected, strict=True) if a != b)
        results.append(
            {
                "persons": size,
                "vectorised_persons_per_s": round(size / best_wall),
                "vectorised_wall_s": round(best_wall, 3),
                "vectorised_cpu_s": round(best_cpu, 3),
                "per_case_persons_per_s": round(rate_case),
                "speed_up": round((size / best_wall) / rate_case, 1),
                "rows_compared": len(expected),
                "mismatches": mismatches,
                "peak_rss_mb": round(peak_rss_mb()),
                "loadavg": loadavg(),
                "cpus": os.cpu_count(),
            }
        )
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"zorgtoeslag 2025, decision '{DECISION}'")
    header = f"{'persons':>10} {'vectorised/s':>14} {'wall s':>8} {'cpu s':>8} {'per case/s':>11} {'x':>7} {'equal':>11} {'rss MB':>7}  load"
    print(header)
    for r in results:
        equal = f"{r['rows_compared'] - r['mismatches']}/{r['rows_compared']}"
        print(
            f"{r['persons']:>10} {r['vectorised_persons_per_s']:>14,} {r['vectorised_wall_s']:>8} "
            f"{r['vectorised_cpu_s']:>8} {r['per_case_persons_per_s']:>11,} {r['speed_up']:>7} {equal:>11} "
            f"{r['peak_rss_mb']:>7}  {r['loadavg']}"
        )


if __name__ == "__main__":
    main()
