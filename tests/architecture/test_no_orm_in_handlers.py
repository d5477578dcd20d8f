"""API handlers and views build no querysets: reads go through ``selectors.py`` (issue #7).

An AST walk over every module in ``opgave/api/`` and every views module (``views.py`` or a
``views/`` package) fails on ORM access: a manager (``.objects``, ``._default_manager``), or a
call that builds or runs a query (``.filter(``, ``.order_by(``, ``.select_related(``,
``.first()``, ``.count()``…). ``docs/development/conventions.md`` states the rule; this makes
it a check. The allow-list names each exception and why.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "opgave"

MANAGERS = {"objects", "_default_manager", "_base_manager"}
QUERY_METHODS = {
    "filter", "exclude", "order_by", "select_related", "prefetch_related", "select_for_update",
    "annotate", "aggregate", "values_list", "distinct", "extra", "raw", "get_or_create",
    "update_or_create", "bulk_create", "bulk_update", "only", "defer", "using", "none",
}  # fmt: skip
# ``obj.relation.all()`` — reading the related rows of an object a selector returned (a schema
# listing a collaboration's owners) — builds no query criteria and is allowed.
NO_ARG_QUERY_METHODS = {"first", "last", "count", "exists", "iterator"}

# path (relative to src/opgave) → why it may touch the ORM
ALLOWED: dict[str, str] = {
    "api/pagination.py": "the cursor paginator narrows and orders the queryset a selector returned",
    "api/idempotency.py": "the API app's own store of idempotency records (its own model, not a domain read)",
    "api/throttling.py": "the API app's own rate counters (its own model, not a domain read)",
    "core/auth/views.py": "login/TOTP views, rebuilt by the trust-auth helper in parallel (issue #7); "
    "to move to core selectors once that lands",
}


def modules() -> list[Path]:
    found = set(SRC.joinpath("api").rglob("*.py"))
    found |= set(SRC.rglob("views.py"))
    for package in SRC.rglob("views"):
        if package.is_dir():
            found |= set(package.glob("*.py"))
    return sorted(p for p in found if "migrations" not in p.parts)


def violations(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            found.append(f"{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            if name in QUERY_METHODS or (
                name in NO_ARG_QUERY_METHODS and not node.args and not node.keywords
            ):
                found.append(f"{node.lineno}: .{name}()")
    return found


def test_the_walk_sees_the_modules_it_guards() -> None:
    names = {str(p.relative_to(SRC)) for p in modules()}
    assert "api/platform/memberships.py" in names and "collaborations/views/sessions.py" in names
    assert len(names) > 20


def test_the_check_can_fail(tmp_path: Path) -> None:
    sample = tmp_path / "views.py"
    sample.write_text("def v(r):\n    return Thing.objects.filter(a=1).first()\n", encoding="utf-8")
    assert len(violations(sample)) == 3


def test_handlers_and_views_build_no_querysets() -> None:
    report = {}
    for path in modules():
        relative = str(path.relative_to(SRC))
        if relative in ALLOWED:
            continue
        found = violations(path)
        if found:
            report[relative] = found
    assert not report, (
        "ORM access outside selectors (move the read to the app's selectors.py):\n"
        + "\n".join(f"  {name}: {', '.join(lines)}" for name, lines in sorted(report.items()))
    )


def test_the_allow_list_is_still_needed() -> None:
    for relative in ALLOWED:
        path = SRC / relative
        assert path.exists() and violations(path), f"{relative} no longer needs its allow-list entry"
