"""Zorgtoeslag 2025 in OpenFisca and in opgave (``Model.evaluate_frame``), side by side in one run,
on the same synthetic populations (inputs already in memory on both sides); then a 1M-person
baseline-against-proposal simulation (2024 against 2025) with the report figures.

    .venv/bin/python benchmarks/simulation/bench.py [--sizes 100000 1000000]

Prints persons/s (wall clock and CPU time), the load average, the peak memory of the process, and
whether both engines give the same amount (in cents) on a sample of rows.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from openfisca_zorgtoeslag import calculate, system  # noqa: E402

from opgave.dmn import load_model  # noqa: E402
from opgave.simulation import engine, report  # noqa: E402
from opgave.simulation.population import generate  # noqa: E402

MODELS = ROOT / "src/opgave/rules/reference/zorgtoeslag"
INPUTS = ["leeftijd", "verzekerd", "toeslagpartner", "toetsingsinkomen", "vermogen"]
DECISION = "Zorgtoeslag per jaar"


def load() -> str:
    return open("/proc/loadavg").read().split(" ", 3)[:3].__str__()


def timed(action):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--sample", type=int, default=20_000)
    args = parser.parse_args()
    model = load_model((MODELS / "zorgtoeslag-2025.dmn").read_text(encoding="utf-8"))
    tbs = system()
    print(f"load average at start: {load()}")
    for size in args.sizes:
        population, gen_wall, _ = timed(lambda size=size: generate(size, seed=2025))
        frame = population.select(INPUTS)
        arrays = {
            "leeftijd": frame["leeftijd"].to_numpy(),
            "verzekerd": frame["verzekerd"].to_numpy(),
            "toeslagpartner": frame["toeslagpartner"].to_numpy(),
            "toetsingsinkomen": frame["toetsingsinkomen"].to_numpy().astype(np.float64),
            "vermogen": frame["vermogen"].to_numpy().astype(np.float64),
        }
        model.evaluate_frame(frame.head(1000), [DECISION])  # compile once, outside the timing
        calculate(tbs, {k: v[:1000] for k, v in arrays.items()})
        ours, o_wall, o_cpu = timed(lambda frame=frame: model.evaluate_frame(frame, [DECISION]))
        theirs, t_wall, t_cpu = timed(lambda arrays=arrays: calculate(tbs, arrays))
        sample = min(args.sample, size)
        mine = [
            int((v * 100).to_integral_value(ROUND_HALF_EVEN)) for v in ours[DECISION].head(sample).to_list()
        ]
        other = [
            int(Decimal(repr(float(v))).scaleb(2).to_integral_value(ROUND_HALF_EVEN)) for v in theirs[:sample]
        ]
        equal = sum(a == b for a, b in zip(mine, other, strict=True))
        print(
            f"{size:>10,} persons (generated in {gen_wall:.1f} s) | opgave evaluate_frame: {size / o_wall:>12,.0f}/s wall, "
            f"{size / max(o_cpu, 1e-9):>12,.0f}/s CPU | OpenFisca: {size / t_wall:>12,.0f}/s wall, "
            f"{size / max(t_cpu, 1e-9):>12,.0f}/s CPU | ratio (CPU) {t_cpu / max(o_cpu, 1e-9):.2f}x | "
            f"equal on sample: {equal}/{sample} | peak RSS {peak_mb():,.0f} MB | load {load()}"
        )
    # A 1M-person simulation, 2024 against 2025, with every report figure (explanations excepted:
    # those need the database; the page's job adds them for ten rows).
    size = max(args.sizes)
    population = generate(size, seed=2025)
    sides = [
        engine.Side((MODELS / f"zorgtoeslag-{y}.dmn").read_text(encoding="utf-8"), (), {})
        for y in (2024, 2025)
    ]

    def simulate() -> dict:
        base = engine.evaluate(sides[0], population, DECISION)
        proposal = engine.evaluate(sides[1], population, DECISION)
        return report.build(population, base, proposal)

    built, wall, cpu = timed(simulate)
    total = built["totaal"]
    print(
        f"simulation {size:,} persons 2024 vs 2025 with report: {wall:.1f} s wall, {cpu:.1f} s CPU; "
        f"difference {report.euro(total['verschil'])}, better off {total['vooruit']:,}, worse off {total['achteruit']:,} | "
        f"peak RSS {peak_mb():,.0f} MB | load {load()}"
    )
    _ = pl


if __name__ == "__main__":
    main()
