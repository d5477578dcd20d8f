"""Benchmark of the rules pillar (not a test): per-case evaluate under load, and batch throughput.

Usage (PostgreSQL, production server)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opgave_rules .venv/bin/python benchmarks/rules/run.py \
        [--rates 50,100,150,200,300] [--seconds 30] [--batch-rows 20000]

Locust is not in ``requirements.lock``; install it into the venv first (the ``bench`` extra)::

    uv pip install --python .venv/bin/python "locust>=2.20"

It migrates the database, loads the demo (for the zorgtoeslag reference rule set), issues an API
token with ``rules:evaluate``, starts gunicorn on ``opgave.wsgi`` (the production server behind
``opgave serve``; 2 workers x 4 threads, gthread) with the API rate limit switched off, then runs Locust headless in a second process at each offered rate
and reports p50/p99 latency, achieved throughput, failures, the server's CPU per request and the
load average; finally it posts a JSON Lines
batch and reports rows per second as the client receives the streamed answer.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
HERE = Path(__file__).resolve().parent


def opgave(*args: str, env: dict[str, str]) -> str:
    return subprocess.run(
        [str(BIN / "opgave"), *args], check=True, env=env, capture_output=True, text=True
    ).stdout


def setup(env: dict[str, str]) -> tuple[str, str]:
    opgave("migrate", env=env)
    opgave("demo", "load", env=env)
    script = (
        "from opgave.core.actors import Actor; from opgave.core.models import Organisation;"
        "from opgave.core.services import tokens; from opgave.rules.models import RuleSet;"
        "rs=RuleSet.objects.get(title='Zorgtoeslag');"
        "t=tokens.issue_token(organisation=Organisation.objects.get(name='Gemeente Arnhem'), name='bench',"
        " scopes=['rules:evaluate'], actor=Actor.system());"
        "print(rs.uuid, t[1])"
    )
    out = opgave("manage", "shell", "-c", script, env=env).strip().splitlines()[-1]
    rule_set, token = out.split()
    return rule_set, token


def wait_until_up(url: str, seconds: float = 300) -> None:
    end = time.time() + seconds
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - localhost
            return
        except Exception:
            time.sleep(0.5)
    raise RuntimeError(f"server did not start at {url}")


def server_cpu(master: int) -> float:
    """CPU seconds (user + system) the gunicorn master and its workers have used so far."""
    tick = os.sysconf("SC_CLK_TCK")
    pids = [master]
    with contextlib.suppress(OSError):
        pids += [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def load(
    rate: int, seconds: int, host: str, env: dict[str, str], out: Path, master: int = 0
) -> dict[str, float]:
    prefix = out / f"rate{rate}"
    cpu = server_cpu(master) if master else 0.0
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(HERE / "locustfile.py"),
            "--headless",
            "-u",
            str(rate),
            "-r",
            str(max(rate, 10)),
            "-t",
            f"{seconds}s",
            "--host",
            host,
            "--csv",
            str(prefix),
            "--only-summary",
        ],
        check=False,
        env=env,
        capture_output=True,
    )
    cpu = server_cpu(master) - cpu if master else 0.0
    with open(f"{prefix}_stats.csv", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["Name"] == "evaluate")
    return {
        # the server's own CPU per request: what no load on the machine changes much
        "server_cpu_ms_per_request": round(cpu / max(1, int(row["Request Count"])) * 1000, 2),
        "loadavg": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
        "offered": rate,
        "achieved": float(row["Requests/s"]),
        "p50_ms": float(row["50%"]),
        "p99_ms": float(row["99%"]),
        "failures": int(row["Failure Count"]),
        "requests": int(row["Request Count"]),
    }


def batch(host: str, rule_set: str, token: str, rows: int) -> dict[str, float]:
    lines = "".join(
        json.dumps(
            {
                "leeftijd": 40,
                "verzekerd": True,
                "toeslagpartner": i % 3 == 0,
                "toetsingsinkomen": random.randint(10_000, 60_000),
                "vermogen": 0,
            }
        )
        + "\n"
        for i in range(rows)
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - localhost
        f"{host}/api/v1/rulesets/{rule_set}/evaluate-batch?datum=2025-06-01",
        data=lines,
        method="POST",
        headers={"Content-Type": "application/x-ndjson", "Authorization": f"Bearer {token}"},
    )
    start = time.perf_counter()
    received = 0
    with urllib.request.urlopen(request, timeout=600) as response:  # noqa: S310
        for _line in response:
            received += 1
    elapsed = time.perf_counter() - start
    return {
        "loadavg": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
        "rows": rows,
        "received": received,
        "seconds": round(elapsed, 2),
        "rows_per_s": round(received / elapsed),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rates", default="50,100,150,200,300")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--batch-rows", type=int, default=20_000)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    env = {
        **os.environ,
        "OPGAVE_DEMO": "true",
        "OPGAVE_API_RATE_LIMIT": "0",
        "OPGAVE_API_MAX_BODY_BYTES": str(64 * 1024 * 1024),
        "OPGAVE_LOG_LEVEL": "WARNING",
    }
    rule_set, token = setup(env)
    host = f"http://127.0.0.1:{args.port}"
    # gunicorn on opgave.wsgi, as `opgave serve` runs it, without its collectstatic step (the API
    # serves no static files; compressing them took minutes on the loaded benchmark machine).
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "opgave.wsgi:application",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--worker-class",
            "gthread",
        ],
        env={**env, "OPGAVE_STATIC_MANIFEST": "false", "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    try:
        wait_until_up(f"{host}/api/v1/rulesets")
        print(json.dumps({"loadavg_before": Path("/proc/loadavg").read_text().split()[:3]}), flush=True)
        results = []
        for rate in [int(r) for r in args.rates.split(",")]:
            result = load(
                rate,
                args.seconds,
                host,
                {**env, "BENCH_RULE_SET": rule_set, "BENCH_TOKEN": token},
                out,
                master=server.pid,
            )
            results.append(result)
            print(json.dumps(result), flush=True)
        batch_result = batch(host, rule_set, token, args.batch_rows)
        print(json.dumps({"batch": batch_result}), flush=True)
        (out / "summary.json").write_text(json.dumps({"load": results, "batch": batch_result}, indent=2))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)


if __name__ == "__main__":
    sys.exit(main())
