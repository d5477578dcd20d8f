"""The zorgtoeslag case every rules benchmark sends: incomes and assets vary per call, so no cache
can answer it (``inprocess.py``, ``open_loop.py`` and Locust's ``locustfile.py`` share it)."""

from __future__ import annotations

import random


def body() -> dict[str, object]:
    """One ``POST /api/v1/rulesets/{id}/evaluate`` body for the zorgtoeslag reference rule set."""
    return {
        "inputs": {
            "leeftijd": random.randint(18, 90),
            "verzekerd": True,
            "toeslagpartner": random.random() < 0.4,
            "toetsingsinkomen": random.randint(10_000, 60_000),
            "vermogen": random.randint(0, 200_000),
        },
        "datum": "2025-06-01",
    }
