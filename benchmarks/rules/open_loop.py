"""Open-loop cross-check of the evaluate endpoint's latency (not a test), beside the Locust curve.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opgave_rules \\
        .venv/bin/python benchmarks/rules/open_loop.py [--rates 50,100,200] [--seconds 15]

Same set-up as ``run.py`` (migrate, demo, a token, gunicorn 2 × 4 gthread on ``opgave.wsgi``, rate
limit off), but the load is an open loop: requests are *scheduled* at exponentially distributed
intervals (Poisson arrivals at the offered rate) and sent by a pool of threads with kept-alive
connections. Latency is measured from the scheduled moment, so a client that falls behind shows up
as latency instead of as a lower rate. On our 2-core machine Locust (one process) reported
latencies at 200 requests/s that the server's idle CPU could not explain; this gives a second
figure from a different client.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import cases  # noqa: E402 - beside this file: the evaluated case
import run  # noqa: E402 - run.py beside this file: its set-up and server start


def _sender(
    port: int, path: str, token: str, jobs: queue.Queue[float | None], out: list[tuple[float, int]]
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    while (scheduled := jobs.get()) is not None:
        conn.request("POST", path, body=json.dumps(cases.body()), headers=headers)
        response = conn.getresponse()
        response.read()
        out.append(((time.perf_counter() - scheduled) * 1000, response.status))


def _at(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rates", default="50,100,200")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--senders", type=int, default=32)
    parser.add_argument("--port", type=int, default=8768)
    args = parser.parse_args()
    env = {**os.environ, "OPGAVE_DEMO": "true", "OPGAVE_API_RATE_LIMIT": "0", "OPGAVE_LOG_LEVEL": "WARNING"}
    rule_set, token = run.setup(env)
    server = subprocess.Popen(
        [str(run.BIN / "gunicorn"), "opgave.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
         "--workers", "2", "--threads", "4", "--worker-class", "gthread"],
        env={**env, "OPGAVE_STATIC_MANIFEST": "false", "PYTHONPATH": str(run.ROOT / "src")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    try:
        run.wait_until_up(f"http://127.0.0.1:{args.port}/api/v1/rulesets")
        for rate in [int(r) for r in args.rates.split(",")]:
            jobs: queue.Queue[float | None] = queue.Queue()
            out: list[tuple[float, int]] = []
            path = f"/api/v1/rulesets/{rule_set}/evaluate"
            senders = [
                threading.Thread(target=_sender, args=(args.port, path, token, jobs, out))
                for _ in range(args.senders)
            ]
            for sender in senders:
                sender.start()
            began = time.perf_counter()
            end, due = began + args.seconds, began
            while due < end:
                due += random.expovariate(rate)
                time.sleep(max(0.0, due - time.perf_counter()))
                jobs.put(due)
            for _ in senders:
                jobs.put(None)
            for sender in senders:
                sender.join()
            wall = time.perf_counter() - began
            latencies = sorted(ms for ms, _ in out)
            print(
                json.dumps(
                    {
                        "offered": rate,
                        "achieved": round(len(out) / wall, 1),
                        "p50_ms": round(_at(latencies, 0.5), 1),
                        "p99_ms": round(_at(latencies, 0.99), 1),
                        "failures": sum(1 for _, status in out if status != 200),
                        "loadavg": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
                    }
                ),
                flush=True,
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


if __name__ == "__main__":
    sys.exit(main())
