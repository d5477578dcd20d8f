"""``opgave dmn batch`` throughput: rows/s and peak memory on a Parquet population of zorgtoeslag 2025 inputs.

Usage: PYTHONPATH=src .venv/bin/python benchmarks/dmn/batch.py --rows 1000000 [--chunk-size 100000]
       [--format parquet|csv|jsonl] [--dask]   (--dask: a local two-worker cluster, processes=False)

Generates the population (seeded, Polars; exact Decimal incomes) in a temporary folder, runs
``run_batch`` to a Parquet output and prints wall seconds, CPU seconds of this process, rows/s,
peak RSS (ru_maxrss of this process) and /proc/loadavg. Not a test: figures go in the note.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import polars as pl

from opgave.dmn import load_model
from opgave.dmn.batch import run_batch

MODEL = Path(__file__).resolve().parents[2] / "src/opgave/rules/reference/zorgtoeslag/zorgtoeslag-2025.dmn"


def population(rows: int, seed: int = 2025) -> pl.DataFrame:
    index = pl.int_range(0, rows, eager=True)
    frame = pl.DataFrame({"i": index}).with_columns(
        h=(pl.col("i").hash(seed) % 1_000_000_007).cast(pl.Int64),
    )
    return frame.select(
        leeftijd=(pl.col("h") % 90).cast(pl.Int64),
        verzekerd=(pl.col("h") % 23) != 0,
        toeslagpartner=(pl.col("h") % 3) == 0,
        toetsingsinkomen=((pl.col("h") % 6_000_000).cast(pl.Int128)).cast(pl.Decimal(38, 0)) / 100,
        vermogen=((pl.col("h") // 7 % 25_000_000).cast(pl.Int128)).cast(pl.Decimal(38, 0)) / 100,
    ).with_columns(
        pl.col("toetsingsinkomen").cast(pl.Decimal(38, 2)), pl.col("vermogen").cast(pl.Decimal(38, 2))
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--chunk-size", type=int, default=100_000)
    parser.add_argument("--format", choices=["parquet", "csv", "jsonl"], default="parquet")
    parser.add_argument("--dask", action="store_true")
    args = parser.parse_args()
    model = load_model(MODEL)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"bevolking.{args.format}"
        frame = population(args.rows)
        if args.format == "parquet":
            frame.write_parquet(source, row_group_size=args.chunk_size)
        elif args.format == "csv":
            frame.write_csv(source)
        else:
            frame.write_ndjson(source)
        del frame
        target = Path(folder) / "uitkomst.parquet"
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        wall, cpu = time.perf_counter(), time.process_time()
        if args.dask:
            from distributed import LocalCluster

            with LocalCluster(
                n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
            ) as c:
                summary = run_batch(
                    model,
                    source,
                    target,
                    chunk_size=args.chunk_size,
                    dask_address=c.scheduler_address,
                    model_source=MODEL.read_bytes(),
                )
        else:
            summary = run_batch(model, source, target, chunk_size=args.chunk_size)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(
            f"rows={summary.rows} chunks={summary.chunks} format={args.format} dask={args.dask} "
            f"wall={wall:.2f}s cpu={cpu:.2f}s rows/s(wall)={summary.rows / wall:,.0f} "
            f"rows/cpu-s={summary.rows / cpu:,.0f} peak_rss={peak / 1024:.0f}MB "
            f"(before run {rss_before / 1024:.0f}MB) output={target.stat().st_size / 1e6:.1f}MB "
            f"loadavg={Path('/proc/loadavg').read_text().strip()}"
        )


if __name__ == "__main__":
    main()
