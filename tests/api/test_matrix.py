"""Every route × every kind of caller: allowed callers succeed, everybody else gets 401/403.

The routes come from the NinjaAPI itself, so a new endpoint without a matrix row fails
``test_every_route_has_a_matrix_row``. Each denial must land in the audit log; every
response is checked against ``openapi.json`` by the client.
"""

from __future__ import annotations

from typing import Any

import pytest

from opgave.core.models import ApiToken, AuditRecord

from .conftest import ApiClient, Cast, make_token
from .matrix import OK, PROFILES, ROLES, load_rows, registered_routes, required_scope, scopes_without

ROWS = load_rows()
ROUTES = registered_routes()


def test_every_route_has_a_matrix_row() -> None:
    covered = {(row["method"], row["path"]) for row in ROWS}
    missing = sorted(set(ROUTES) - covered)
    assert not missing, f"routes without a row in an api_matrix.py (see tests/api/matrix.py): {missing}"
    stale = sorted(covered - set(ROUTES))
    assert not stale, f"matrix rows for routes that do not exist: {stale}"


def test_every_row_names_a_known_profile_and_covers_every_role() -> None:
    for row in ROWS:
        assert row["profile"] in PROFILES, row
        assert set(PROFILES[row["profile"]]) == set(ROLES)


def _client(cast: Cast, role: str, scope: str | None) -> tuple[ApiClient, Any]:
    """The client for ``role`` and who the audit log must name for it (a person or a token)."""
    if role == "token_scoped":
        token, plaintext = make_token(cast.org, [scope] if scope else ["organisations:read"])
        return ApiClient(token=plaintext), token
    if role == "token_unscoped":
        token, plaintext = make_token(cast.org, scopes_without(scope))
        return ApiClient(token=plaintext), token
    if role == "token_other_org":
        prefix = cast.tokens["token_other_org"][: len("opg_") + 8]
        return cast.client("token_other_org"), ApiToken.objects.get(prefix=prefix)
    return cast.client(role), getattr(cast, role, None)


WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def check_audit_record(row: dict[str, Any], role: str, who: Any, after_seq: int, body: Any) -> None:
    """Every successful write leaves its record, as NetBox checks ObjectChange: who acted, which
    token, and (for PATCH) every field the request changed."""
    records = list(AuditRecord.objects.filter(seq__gt=after_seq, result="success").order_by("seq"))
    assert records, f"{role}: {row['method']} {row['path']} succeeded without an audit record"
    if isinstance(who, ApiToken):
        mine = [r for r in records if (r.detail or {}).get("token", {}).get("id") == str(who.uuid)]
        assert mine, f"{role}: the audit record does not name the token: {[r.detail for r in records]}"
        assert all(r.actor_label.startswith("token ") for r in mine)
        assert all(r.actor == who.created_by for r in mine), "the token's issuer answers for it"
    else:
        mine = [r for r in records if r.actor == who]
        assert mine, f"{role}: no audit record names the person: {[r.actor_label for r in records]}"
    if row["method"] == "PATCH" and isinstance(body, dict):
        changed = set().union(*[set((r.detail or {}).get("changes", {})) for r in mine])
        assert set(body) <= changed, f"PATCH changed {sorted(body)} but the audit names {sorted(changed)}"


def _expected(row: dict[str, Any], role: str, scope: str | None) -> int:
    expected = PROFILES[row["profile"]][role]
    if role == "token_unscoped" and scope is None:
        expected = PROFILES[row["profile"]]["token_scoped"]  # nothing to lack
    return row["ok"] if expected == OK else int(expected)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", ROWS, ids=[f"{row['method']} {row['path']}" for row in ROWS])
def test_matrix(cast: Cast, row: dict[str, Any], role: str) -> None:
    operation = ROUTES.get((row["method"], row["path"]))
    if operation is None:
        pytest.fail(f"no such route: {row['method']} {row['path']}")
    scope = required_scope(operation)
    request = row["build"](cast)
    headers: dict[str, str] = {}
    if request.get("etag_url"):
        headers["If-Match"] = cast.client("platform_admin").get(request["etag_url"]).headers["ETag"]
    client, who = _client(cast, role, scope)
    denied_before = AuditRecord.objects.filter(result="denied").count()
    last = AuditRecord.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    reply = client.call(row["method"], request["url"], request.get("body"), headers=headers)
    expected = _expected(row, role, scope)
    assert reply.status == expected, f"{role}: {row['method']} {request['url']} → {reply.status} {reply.body}"
    if expected in (401, 403):
        assert AuditRecord.objects.filter(result="denied").count() > denied_before, "denial not audit-logged"
    if row["method"] in WRITES and row.get("writes", True) and 200 <= reply.status < 300:
        check_audit_record(row, role, who, last, request.get("body"))
