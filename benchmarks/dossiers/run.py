"""Load benchmark of the dossier timeline against the production server (not a timed test).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opgave_dossiers_bench \\
        .venv/bin/python benchmarks/dossiers/run.py --users 50 --seconds 60

Starts ``opgave serve`` (gunicorn, production settings) on a free port, then runs ``--users``
concurrent clients, each in a loop: ``GET /api/v1/dossiers/{random dossier}/entries`` (the
timeline, 25 newest visible entries) with an API token, keep-alive. Prints p50/p95/p99 latency and
requests per second. ``--think 1 2`` makes each user wait 1–2 s between requests, as a
Locust user with ``wait_time = between(1, 2)`` does; without it the users fire back to back (a
saturation test: latency is then the queue, users ÷ throughput). Every timeline read also
appends processing-log records (one per subject and purpose) to the hash-chained log: part of
what is measured. Fill the database first with ``generate.py`` (the server gets the keys it
wrote). The static files (production settings need their manifest) are collected before the
server starts, with the function ``opgave serve`` uses, so a second run skips them; the first
takes minutes on a loaded machine (it compresses every file). ``inprocess.py`` gives the
load-independent figures (queries and CPU time per request). The machine's load average is
printed beside the figures: other work on it moves them.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health/live")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not start")


def _client(
    port: int,
    token: str,
    dossiers: list[str],
    stop: float,
    out: list[float],
    errors: list[int],
    think: tuple[float, float] = (0.0, 0.0),
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    rng = random.Random()
    while time.monotonic() < stop:
        if think[1] > 0:  # a user reads what they got before the next click (Locust's between())
            time.sleep(rng.uniform(*think))
            if time.monotonic() >= stop:
                break
        started = time.perf_counter()
        try:
            conn.request("GET", f"/api/v1/dossiers/{random.choice(dossiers)}/entries", headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            status = 0
        elapsed = time.perf_counter() - started
        if status == 200:
            out.append(elapsed)
        else:
            errors.append(status)


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--start-timeout", type=float, default=300, help="seconds to wait for the server")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(0.0, 0.0),
        metavar=("MIN", "MAX"),
        help="seconds each user waits between requests (uniform; 0 0: back to back, a saturation test)",
    )
    parser.add_argument(
        "--data", type=Path, default=ROOT / "var" / "bench-dossiers.json", help="generate.py's output"
    )
    args = parser.parse_args()
    data = json.loads(args.data.read_text())
    port = _free_port()
    env = {
        **os.environ,
        "OPGAVE_ENV": "production",
        "OPGAVE_SECRET_KEY": os.environ.get("OPGAVE_SECRET_KEY", "bench-" + "x" * 60),
        "OPGAVE_PSEUDONYM_KEY": data["pseudonym_key"],  # the keys generate.py wrote with
        "OPGAVE_ALLOWED_HOSTS": "bench.opgave.example,127.0.0.1",
        "OPGAVE_SSL_REDIRECT": "false",
        "OPGAVE_SECURE_COOKIES": "true",  # the benchmark uses a token, no cookies
        "OPGAVE_API_RATE_LIMIT": "100000000",
        "OPGAVE_LOG_LEVEL": "WARNING",
        "OPGAVE_DOSSIER_ENCRYPTION_KEYS": data["encryption_key"],
        "OPGAVE_RULES_RECEIPT_KEYS": os.environ.get("OPGAVE_RULES_RECEIPT_KEYS", "bench:" + "z" * 48),
    }
    # Collect the static files (production settings need their manifest) with the function
    # ``opgave serve`` uses, a no-op when they are up to date, then start the server without it,
    # so the time to listen is the server's own.
    began = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from opgave.cli import setup_django; setup_django(); from opgave.ops import serving; "
            "print('static files collected' if serving.collect_static() else 'static files up to date')",
        ],
        env={**env, "OPGAVE_STATIC_MANIFEST": "true", "PYTHONPATH": str(ROOT / "src")},
        check=True,
        cwd=ROOT,
    )
    static_seconds = time.monotonic() - began
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "opgave"),
            "serve",
            "--no-collectstatic",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        began = time.monotonic()
        _wait(port, args.start_timeout)
        print(
            f"static files {static_seconds:.0f} s; server listening after {time.monotonic() - began:.0f} s",
            flush=True,
        )
        latencies: list[float] = []
        errors: list[int] = []
        warm_stop = time.monotonic() + args.warmup
        warm = [
            threading.Thread(
                target=_client,
                args=(port, data["token"], data["dossiers"], warm_stop, [], [], tuple(args.think)),
            )
            for _ in range(args.users)
        ]
        for t in warm:
            t.start()
        for t in warm:
            t.join()
        stop = time.monotonic() + args.seconds
        started = time.monotonic()
        threads = [
            threading.Thread(
                target=_client,
                args=(port, data["token"], data["dossiers"], stop, latencies, errors, tuple(args.think)),
            )
            for _ in range(args.users)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - started
        if not latencies:
            raise SystemExit(f"no successful request; statuses {sorted(set(errors))}")
        ms = [v * 1000 for v in latencies]
        print(
            f"users={args.users} workers={args.workers}x{args.threads} seconds={args.seconds:.0f} "
            f"think={args.think[0]:g}-{args.think[1]:g}s"
        )
        print(
            f"requests ok={len(ms)} failed={len(errors)} ({sorted(set(errors))}) rate={len(ms) / wall:.1f}/s"
        )
        print(
            f"latency ms: p50={statistics.median(ms):.1f} p95={_percentile(ms, 95):.1f} "
            f"p99={_percentile(ms, 99):.1f} max={max(ms):.1f}"
        )
        print("loadavg", Path("/proc/loadavg").read_text().strip())
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
