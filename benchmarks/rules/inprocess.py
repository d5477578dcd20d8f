"""In-process cost of one per-case evaluation (not a test): CPU time and queries per request.

These figures do not depend on the machine's load, unlike the Locust curve of ``run.py``::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opgave_rules OPGAVE_DEMO=true \
        .venv/bin/python benchmarks/rules/inprocess.py [--requests 500] [--profile] [--batch-rows 20000]

It needs a database with the demo loaded (``opgave migrate && opgave demo load``). It issues an
API token with ``rules:evaluate``, then sends N ``POST /api/v1/rulesets/{id}/evaluate`` requests
through Django's full request path (every middleware, token auth, the handler, the processing
log) with the test client, and reports ``time.process_time`` per request, the Python function
calls per request (counted by cProfile: independent of the machine's load) and the SQL queries
of one request (listed). ``--profile`` prints the top of a cProfile of the same loop.
With ``--batch-rows`` it also posts one JSON Lines batch and reports CPU per row and rows/s.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opgave.settings")
os.environ.setdefault("OPGAVE_API_RATE_LIMIT", "0")
os.environ.setdefault("OPGAVE_LOG_LEVEL", "WARNING")

from cases import body


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--batch-rows", type=int, default=0)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from opgave.core.actors import Actor
    from opgave.core.models import Organisation
    from opgave.core.services import tokens
    from opgave.rules.models import RuleSet

    rule_set = RuleSet.objects.get(title="Zorgtoeslag")
    _, token = tokens.issue_token(
        organisation=Organisation.objects.get(name="Gemeente Arnhem"),
        name="bench-inprocess",
        scopes=["rules:evaluate"],
        actor=Actor.system(),
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR="127.0.0.1")
    url = f"/api/v1/rulesets/{rule_set.uuid}/evaluate"

    def one() -> None:
        response = client.post(url, data=json.dumps(body()), content_type="application/json")
        if response.status_code != 200:
            raise SystemExit(f"{response.status_code}: {response.content[:300]!r}")

    for _ in range(20):  # warm: compile the model, fill the caches
        one()
    with CaptureQueriesContext(connection) as queries:
        one()
    print(f"queries per request: {len(queries.captured_queries)}")
    for query in queries.captured_queries:
        print("   ", query["sql"][:160])

    counter = cProfile.Profile()  # function calls per request: a figure no load changes
    counter.enable()
    for _ in range(50):
        one()
    counter.disable()
    calls = pstats.Stats(counter).total_calls / 50  # type: ignore[attr-defined]

    if args.profile:
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(args.requests):
        one()
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if args.profile:
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(
            int(os.environ.get("TOP", "45"))
        )
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(
        json.dumps(
            {
                "requests": args.requests,
                "cpu_ms_per_request": round(cpu / args.requests * 1000, 3),
                "python_calls_per_request": round(calls),
                "wall_ms_per_request": round(wall / args.requests * 1000, 3),
                "loadavg": " ".join(load),
            }
        )
    )

    if args.batch_rows:
        lines = "".join(
            json.dumps({**body()["inputs"], "leeftijd": 40}) + "\n"  # type: ignore[dict-item]
            for _ in range(args.batch_rows)
        ).encode()
        batch_url = f"/api/v1/rulesets/{rule_set.uuid}/evaluate-batch?datum=2025-06-01"
        cpu, wall = time.process_time(), time.perf_counter()
        response = client.post(batch_url, data=lines, content_type="application/x-ndjson")
        received = sum(1 for _ in (response.streaming_content if response.streaming else [response.content]))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        print(
            json.dumps(
                {
                    "batch_rows": args.batch_rows,
                    "status": response.status_code,
                    "chunks": received,
                    "cpu_us_per_row": round(cpu / args.batch_rows * 1e6, 1),
                    "rows_per_s_cpu": round(args.batch_rows / cpu),
                    "rows_per_s_wall": round(args.batch_rows / wall),
                    "loadavg": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
                }
            )
        )


if __name__ == "__main__":
    main()
