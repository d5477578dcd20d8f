"""Load-independent cost of one timeline read: SQL queries and CPU time per request, in-process.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opgave_dossiers_bench \\
        .venv/bin/python benchmarks/dossiers/inprocess.py --requests 300

Runs against the database ``generate.py`` filled, through Django's test client (the whole
middleware stack, no network): ``GET /api/v1/dossiers/{id}/entries`` with the reader's token and
``GET /dossiers/{id}/`` (the dossier page) as the reader. Per request it records the number of
queries and ``time.process_time()`` (CPU of this process only, so other load on the machine does
not change it much) and ``perf_counter`` (wall clock, which it does). Prints median and p95.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opgave.settings")


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--data", type=Path, default=ROOT / "var" / "bench-dossiers.json", help="generate.py's output"
    )
    args = parser.parse_args()

    data = json.loads(args.data.read_text())
    os.environ["OPGAVE_DOSSIER_ENCRYPTION_KEYS"] = data["encryption_key"]  # generate.py's keys
    os.environ["OPGAVE_PSEUDONYM_KEY"] = data["pseudonym_key"]
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from opgave.core.models import Person

    settings.ALLOWED_HOSTS = ["*"]
    rng = random.Random(args.seed)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {data['token']}", HTTP_ACCEPT="application/json")
    browser = Client()
    browser.force_login(Person.objects.get(username="bench-reader"))
    targets = {
        "api timeline": (api, "/api/v1/dossiers/{}/entries"),
        "dossier page": (browser, "/dossiers/{}/"),
    }
    for label, (client, pattern) in targets.items():
        client.get(pattern.format(data["dossiers"][0]))  # warm up
        queries: list[int] = []
        cpu: list[float] = []
        wall: list[float] = []
        for _ in range(args.requests):
            url = pattern.format(rng.choice(data["dossiers"]))
            with CaptureQueriesContext(connection) as captured:
                c0, w0 = time.process_time(), time.perf_counter()
                response = client.get(url)
                c1, w1 = time.process_time(), time.perf_counter()
            if response.status_code != 200:
                raise SystemExit(f"{label}: {url} answered {response.status_code}")
            queries.append(len(captured))
            cpu.append((c1 - c0) * 1000)
            wall.append((w1 - w0) * 1000)
        print(
            f"{label}: n={args.requests} queries min={min(queries)} max={max(queries)}; "
            f"cpu ms p50={statistics.median(cpu):.2f} p95={_p(cpu, 95):.2f}; "
            f"wall ms p50={statistics.median(wall):.2f} p95={_p(wall, 95):.2f}"
        )
    print("loadavg", Path("/proc/loadavg").read_text().strip())


if __name__ == "__main__":
    main()
