"""Authorisation-matrix rows for the simulation endpoints (format: ``tests/api/matrix.py``).

The rule set is the zorgtoeslag model (2024 and 2025), public and owned by ``cast.org``; the
simulation runs for ``cast.org``. Profiles registered here (when missing):

* ``simulation_private`` — a simulation of ``cast.org``: its members and tokens; everybody else
  gets **404**, as for an unknown id (also a platform administrator without a membership and a
  token of another organisation), anonymous 401.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tests.simulation.conftest import zorgtoeslag

from opgave.core.actors import Actor
from opgave.rules.models import RuleSet
from opgave.simulation import services, tasks
from opgave.simulation.models import Simulation

OK = "ok"
BASE = "/api/v1"
SYSTEM = Actor.system(origin="test")
_MATRIX_FILE = Path(__file__).resolve().parents[1] / "api" / "matrix.py"
_PROFILES: dict[str, dict[str, Any]] = {
    "simulation_private": {
        "token_revoked": 401,
        "token_expired": 401,
        "token_unscoped": 403,
        "anonymous": 401,
        **dict.fromkeys(("outsider", "platform_admin", "token_other_org"), 404),
        **dict.fromkeys(("member", "org_admin", "token_scoped"), OK),
    },
    "simulation_starters": {
        "token_revoked": 401,
        "token_expired": 401,
        "token_unscoped": 403,
        "anonymous": 401,
        **dict.fromkeys(("outsider", "platform_admin", "token_other_org"), 403),
        **dict.fromkeys(("member", "org_admin", "token_scoped"), OK),
    },
}


def _register_profiles() -> None:
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if path and Path(path).resolve() == _MATRIX_FILE and hasattr(module, "PROFILES"):
            for name, profile in _PROFILES.items():
                module.PROFILES.setdefault(name, profile)


_register_profiles()


def rule_set(cast: Any) -> RuleSet:
    found = RuleSet.objects.filter(title="Matrix zorgtoeslag").first()
    return found or zorgtoeslag(cast.org, title="Matrix zorgtoeslag")


def simulation(cast: Any) -> Simulation:
    found = Simulation.objects.filter(rule_set__title="Matrix zorgtoeslag").first()
    if found is not None:
        return found
    item = services.start_simulation(
        rule_set(cast),
        actor=SYSTEM,
        organisation=cast.org,
        base=services.Choice(1),
        proposal=services.Choice(2),
        decision="Zorgtoeslag per jaar",
        size=20,
        seed=1,
    )
    services.mark(item.pk, status="klaar", progress=100, report=tasks.compute(item))
    item.refresh_from_db()
    return item


def _start(cast: Any) -> dict[str, Any]:
    return {
        "url": f"{BASE}/rulesets/{rule_set(cast).uuid}/simulations",
        "body": {
            "organisation": str(cast.org.uuid),
            "base": {"version": 1},
            "proposal": {"version": 2},
            "decision": "Zorgtoeslag per jaar",
            "size": 10,
            "seed": 4,
        },
    }


ROWS: list[dict[str, Any]] = [
    {
        "method": "GET",
        "path": BASE + "/rulesets/{rule_set_id}/simulations",
        "profile": "signed_in",
        "ok": 200,
        "build": lambda c: {"url": f"{BASE}/rulesets/{rule_set(c).uuid}/simulations"},
    },
    {
        "method": "POST",
        "path": BASE + "/rulesets/{rule_set_id}/simulations",
        "profile": "simulation_starters",
        "ok": 202,
        "build": _start,
    },
    {
        "method": "GET",
        "path": BASE + "/simulations/{simulation_id}",
        "profile": "simulation_private",
        "ok": 200,
        "build": lambda c: {"url": f"{BASE}/simulations/{simulation(c).uuid}"},
    },
    {
        "method": "GET",
        "path": BASE + "/simulations/{simulation_id}/report",
        "profile": "simulation_private",
        "ok": 200,
        "build": lambda c: {"url": f"{BASE}/simulations/{simulation(c).uuid}/report"},
    },
]
