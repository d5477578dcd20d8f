"""Locust load for the per-case evaluate endpoint (run by ``benchmarks/rules/run.py``).

Each simulated user sends one zorgtoeslag evaluation per second (``constant_throughput(1)``),
so the number of users is the offered load in requests per second. Incomes vary per request,
so every request is a different case (no cache can answer it).
"""

from __future__ import annotations

import os

from cases import body  # beside this file (Locust puts the locustfile's folder on the path)
from locust import constant_throughput, task
from locust.contrib.fasthttp import FastHttpUser

RULE_SET = os.environ["BENCH_RULE_SET"]
TOKEN = os.environ.get("BENCH_TOKEN", "")


class Evaluator(FastHttpUser):
    wait_time = constant_throughput(1)

    @task
    def evaluate(self) -> None:
        headers = {"Authorization": f"Bearer {TOKEN}"} if TOKEN else {}
        with self.client.post(
            f"/api/v1/rulesets/{RULE_SET}/evaluate",
            json=body(),
            headers=headers,
            name="evaluate",
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {response.text[:200]}")
