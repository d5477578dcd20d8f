"""Cost of one request inside the process: CPU time and the statements it sends to the database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/opgave_load python benchmarks/load/profile_request.py [N] [--profile]

Signs in a demo account with a real session cookie (Django's test client through the whole
middleware stack), then requests the collaboration list and a detail ``N`` times each and
prints the CPU milliseconds per request (``time.process_time``: what this process spent,
whatever else the machine is doing) and the statements per request by kind. ``--profile``
prints the top of a cProfile of the detail. Run after ``generate.py``. Figures, not tests.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opgave.settings")
os.environ.setdefault("OPGAVE_DEMO", "true")
os.environ.setdefault("OPGAVE_API_RATE_LIMIT", "0")
os.environ.setdefault("OPGAVE_LOG_LEVEL", "WARNING")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from opgave.core.models import Person  # noqa: E402


def measure(client: Client, path: str, rounds: int) -> tuple[float, Counter[str]]:
    client.get(path)  # warm caches, compile templates
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    kinds = Counter(query["sql"].split()[0].upper() for query in queries.captured_queries)
    started = time.process_time()
    for _ in range(rounds):
        client.get(path)
    return (time.process_time() - started) / rounds * 1000, kinds


def main() -> None:
    rounds = int(next((arg for arg in sys.argv[1:] if arg.isdigit()), "200"))
    person = Person.objects.get(username="sanne")
    client = Client()
    client.force_login(person)
    listing = client.get("/api/v1/collaborations?limit=25").json()
    detail = f"/api/v1/collaborations/{listing['items'][0]['id']}"
    print(f"load average: {Path('/proc/loadavg').read_text().split()[:3]}")
    for name, path in (("list (25)", "/api/v1/collaborations?limit=25"), ("detail", detail)):
        cpu, kinds = measure(client, path, rounds)
        print(f"{name:10} {cpu:6.2f} ms CPU/request  {sum(kinds.values())} statements {dict(kinds)}")
    if "--profile" in sys.argv:
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(rounds):
            client.get(detail)
        profiler.disable()
        pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(45)


if __name__ == "__main__":
    main()
