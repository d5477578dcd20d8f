"""The authorisation matrix: who may call which endpoint (the rows live in ``api_matrix.py`` files).

Every route registered in the NinjaAPI needs a row; ``test_matrix.py`` fails for a route
without one. A row is a plain dict, so pillars need not import anything from here::

    ROWS = [
        {
            "method": "GET",
            "path": "/api/v1/collaborations/{collaboration_id}",   # as in openapi.json
            "profile": "members",          # one of PROFILES below
            "ok": 200,                     # the status for callers who are allowed
            "build": build_detail,         # build(cast) -> {"url": ..., "body": ..., "etag_url": ...}
        },
    ]

``build`` gets the :class:`tests.api.conftest.Cast` (``org`` — the organisation under test,
``other_org``, the people and tokens) and returns the concrete ``url``, an optional JSON
``body`` and, for PATCH/PUT/DELETE, the ``etag_url`` to GET (as platform administrator)
for the ``If-Match`` value. Every successful POST/PUT/PATCH/DELETE must leave a success record
in the audit log naming the caller (the person, or the token by id with its issuer as person),
and a PATCH must list every field of its body under ``detail.changes`` — as NetBox checks its
ObjectChange. A row whose POST only reads (an evaluation) says ``"writes": False``. A route
may have several rows (e.g. a role change next to a job-title change). Rows for platform endpoints are in ``tests/api/api_matrix.py``;
each pillar keeps its own in ``tests/<pillar>/api_matrix.py``.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from typing import Any

from opgave.api.auth import TokenAuth
from opgave.api.router import api
from opgave.core import scopes

ROLES = (
    "anonymous",
    "outsider",  # member (admin, even) of another organisation
    "member",
    "org_admin",
    "platform_admin",
    "token_scoped",  # token of the organisation with exactly the scope the endpoint needs
    "token_unscoped",  # token of the organisation with every scope except that one
    "token_other_org",  # token of another organisation with every scope
    "token_revoked",
    "token_expired",
)

OK = "ok"
_DENY_TOKENS = {"anonymous": 401, "token_revoked": 401, "token_expired": 401, "token_unscoped": 403}

PROFILES: dict[str, dict[str, Any]] = {
    # Any signed-in caller; a token needs the scope.
    "signed_in": {
        **_DENY_TOKENS,
        **dict.fromkeys(
            ("outsider", "member", "org_admin", "platform_admin", "token_scoped", "token_other_org"), OK
        ),
    },
    # Members of the organisation (any role), platform admins, tokens of the organisation.
    "members": {
        **_DENY_TOKENS,
        "outsider": 403,
        "token_other_org": 403,
        **dict.fromkeys(("member", "org_admin", "platform_admin", "token_scoped"), OK),
    },
    # Administrators of the organisation, platform admins, tokens of the organisation.
    "managers": {
        **_DENY_TOKENS,
        "outsider": 403,
        "member": 403,
        "token_other_org": 403,
        **dict.fromkeys(("org_admin", "platform_admin", "token_scoped"), OK),
    },
    # Administrators of the organisation and platform admins; a token may not (it lacks what the
    # request grants, e.g. a scope it does not hold itself).
    "managers_people": {
        **_DENY_TOKENS,
        "outsider": 403,
        "member": 403,
        "token_other_org": 403,
        "token_scoped": 403,
        **dict.fromkeys(("org_admin", "platform_admin"), OK),
    },
    # Administrators of the organisation and its tokens, but not a platform administrator acting
    # on his own authority (he does not join organisations himself).
    "org_managers": {
        **_DENY_TOKENS,
        "outsider": 403,
        "member": 403,
        "token_other_org": 403,
        "platform_admin": 403,
        **dict.fromkeys(("org_admin", "token_scoped"), OK),
    },
    # Platform administrators only (never a token).
    "platform_admins": {
        **_DENY_TOKENS,
        **dict.fromkeys(("outsider", "member", "org_admin", "token_scoped", "token_other_org"), 403),
        "platform_admin": OK,
    },
}


def registered_routes() -> dict[tuple[str, str], Any]:
    """``{(METHOD, "/api/v1/…/{param}"): operation}`` for every route of the NinjaAPI."""
    routes: dict[tuple[str, str], Any] = {}
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            full = "/api/v1/" + "/".join(part.strip("/") for part in (bound.prefix, path) if part.strip("/"))
            full = re.sub(r"{[^}:]+:", "{", full)
            for operation in path_view.operations:
                for method in operation.methods:
                    routes[(method.upper(), full)] = operation
    return routes


def required_scope(operation: Any) -> str | None:
    for auth in operation.auth_callbacks:
        if isinstance(auth, TokenAuth):
            return auth.scope
    return None


def scopes_without(scope: str | None) -> list[str]:
    """Every registered scope that does not grant ``scope`` (at least one)."""
    if scope is None:
        return [sorted(scopes.SCOPES)[0]]
    return sorted(name for name in scopes.SCOPES if not scopes.grants([name], scope))


def load_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    tests_dir = Path(__file__).resolve().parents[1]
    for path in sorted(tests_dir.glob("*/api_matrix.py")):
        spec = importlib.util.spec_from_file_location(f"_api_matrix_{path.parent.name}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for row in module.ROWS:
            rows.append({**row, "source": str(path.relative_to(tests_dir))})
    return rows
