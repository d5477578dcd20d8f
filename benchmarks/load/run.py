"""The load benchmark: the production server on PostgreSQL, locust in a second process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opgave_load python benchmarks/load/generate.py 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opgave_load python benchmarks/load/run.py [--quick]

For each server (gunicorn, granian) and scenario (1, 10 and 50 users, closed loop and with a
think time of 1 s, plus the detail alone in a closed loop for the throughput), it starts
locust headless for ``--seconds`` and collects median, p95, p99, requests per second and
errors per request name into ``benchmarks/load/results.json`` and a Markdown table on stdout.
Figures, not assertions: nothing here is a test.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
BIN = Path(sys.executable).parent
ACCOUNTS = "amira,joris,eva,pieter,lotte"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "OPGAVE_API_RATE_LIMIT": "0",  # measuring, not abusing
            "OPGAVE_LOGIN_RATE_LIMIT": "1000000",
            "OPGAVE_DEMO": "true",  # demo accounts sign in only in demo mode
            "OPGAVE_STATIC_MANIFEST": "false",
            "OPGAVE_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(PROJECT / "src"),
        }
    )
    return env


def session_uuid(env: dict[str, str]) -> str:
    code = "from opgave.collaborations.models import Session; s = Session.objects.order_by('pk').first(); print(s.uuid if s else '')"
    out = subprocess.run(
        [str(BIN / "opgave"), "manage", "shell", "--verbosity", "0", "-c", code],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""


def start_server(
    server: str, port: int, workers: int, threads: int, env: dict[str, str]
) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [str(BIN / "opgave"), "serve", "--port", str(port), "--workers", str(workers), "--threads", str(threads),
         "--server", server, "--no-collectstatic"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    for line in process.stdout:
        if "draait op" in line:
            break
    else:
        raise SystemExit(f"{server} did not start")
    for _ in range(100):  # granian prints before binding
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    return process


def sign_in(host: str) -> str:
    """One session per demo account, as ``sessionid:csrftoken`` pairs for the locust users."""
    import re

    import requests

    pairs = []
    for account in ACCOUNTS.split(","):
        client = requests.Session()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(f"{host}/inloggen/").text)
        assert token
        response = client.post(
            f"{host}/inloggen/",
            data={"csrfmiddlewaretoken": token.group(1), "login": account, "password": "samen-werken-demo"},
            allow_redirects=False,
        )
        if response.status_code != 302:
            body = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))
            raise SystemExit(f"{account} could not sign in: {body[body.find('Inloggen') :][:600]}")
        pairs.append(f"{client.cookies['sessionid']}:{client.cookies['csrftoken']}")
    return ",".join(pairs)


def run_locust(
    host: str, users: int, think: float, seconds: int, only: str, extra: dict[str, str]
) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        prefix = str(Path(tmp) / "stats")
        env = {**os.environ, **extra, "THINK": str(think), "ONLY": only, "ACCOUNTS": ACCOUNTS}
        subprocess.run(
            [str(BIN / "locust"), "-f", str(HERE / "locustfile.py"), "--headless", "-u", str(users), "-r", str(users),
             "-t", f"{seconds}s", "--host", host, "--csv", prefix, "--only-summary", "--loglevel", "ERROR",
             "--stop-timeout", "5"],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        rows = []
        with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if (
                    row["Name"] in {"Aggregated"}
                    or "(setup)" in row["Name"]
                    or row["Name"].startswith("login")
                ):
                    continue
                rows.append(
                    {
                        "name": row["Name"],
                        "requests": int(row["Request Count"]),
                        "errors": int(row["Failure Count"]),
                        "median_ms": float(row["50%"] or 0),
                        "p95_ms": float(row["95%"] or 0),
                        "p99_ms": float(row["99%"] or 0),
                        "rps": round(float(row["Requests/s"] or 0), 1),
                    }
                )
        return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--servers", default="gunicorn,granian")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="only the detail throughput per server")
    args = parser.parse_args()
    env = server_env()
    extra = {"SESSION_UUID": session_uuid(env)}
    scenarios = [("detail only, closed loop", 50, 0.0, "detail")]
    if not args.quick:
        scenarios += [
            (f"mixed, {users} users, {'closed loop' if think == 0 else 'think 1 s'}", users, think, "")
            for think in (0.0, 1.0)
            for users in (1, 10, 50)
        ]
    results: list[dict[str, Any]] = []
    for server in args.servers.split(","):
        port = free_port()
        process = start_server(server, port, args.workers, args.threads, env)
        try:
            extra["SESSIONS"] = sign_in(f"http://127.0.0.1:{port}")
            for label, users, think, only in scenarios:
                if server != "gunicorn" and not only and not args.quick and users != 50:
                    continue  # the comparison needs the heavy cases only
                rows = run_locust(f"http://127.0.0.1:{port}", users, think, args.seconds, only, extra)
                results.append(
                    {"server": server, "scenario": label, "users": users, "think": think, "rows": rows}
                )
                print(f"\n### {server}: {label}", flush=True)
                print(
                    "| request | n | errors | median ms | p95 ms | p99 ms | req/s |\n|---|---|---|---|---|---|---|"
                )
                for row in rows:
                    print(
                        f"| {row['name']} | {row['requests']} | {row['errors']} | {row['median_ms']:.0f} | "
                        f"{row['p95_ms']:.0f} | {row['p99_ms']:.0f} | {row['rps']} |",
                        flush=True,
                    )
        finally:
            process.terminate()
            process.wait(60)
    (HERE / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
