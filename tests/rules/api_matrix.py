"""Authorisation-matrix rows for the rules endpoints (format: ``tests/api/matrix.py``).

Three access profiles exist only here (registered into the shared ``PROFILES`` when missing):

* ``rules_public`` — a public rule set: everybody, also anonymous callers and other organisations;
* ``rules_private`` — a rule set for the own organisation (``cast.org``): its members and tokens;
  everybody else gets **404**, exactly as for an unknown id (its existence never leaks), also
  platform administrators without a membership and anonymous callers;
* ``rules_owners`` — writes: members of the organisation concerned and its tokens with
  ``rules:write``; others 403 (audited), anonymous 401.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from tests.rules.dmn_text import times_model

from opgave.core.actors import Actor
from opgave.rules import evaluation, services
from opgave.rules.models import RuleSet

OK = "ok"
_MATRIX_FILE = Path(__file__).resolve().parents[1] / "api" / "matrix.py"
_TOKENS = {"token_revoked": 401, "token_expired": 401, "token_unscoped": 403}
_PROFILES: dict[str, dict[str, Any]] = {
    "rules_public": {
        **_TOKENS,
        **dict.fromkeys(
            (
                "anonymous",
                "outsider",
                "member",
                "org_admin",
                "platform_admin",
                "token_scoped",
                "token_other_org",
            ),
            OK,
        ),
    },
    "rules_private": {
        **_TOKENS,
        **dict.fromkeys(("anonymous", "outsider", "platform_admin", "token_other_org"), 404),
        **dict.fromkeys(("member", "org_admin", "token_scoped"), OK),
    },
    "rules_owners": {
        **_TOKENS,
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

BASE = "/api/v1"
SYSTEM = Actor.system(origin="test")
D = dt.date(2024, 1, 1)
INPUTS = {"x": 3}


def _rule_set(owner: Any, title: str, visibility: str, versions: int = 1) -> RuleSet:
    found = RuleSet.objects.filter(title=title).first()
    if found is not None:
        return found
    item = services.create_rule_set(actor=SYSTEM, owner=owner, title=title, visibility=visibility)
    services.declare_open_term(
        item,
        actor=SYSTEM,
        name="factor",
        label="Factor",
        minimum=1,
        maximum=10,
        default=2,
        law_title="Testwet",
        law_article="8",
        law_url="https://wetten.overheid.nl/BWBR0015703",
    )
    for number in range(versions):
        start = dt.date(2024 + number, 1, 1)
        version = services.add_version(
            item,
            actor=SYSTEM,
            dmn=times_model("x * factor" if number == 0 else "x * factor + 1"),
            geldig_van=start,
            geldig_tot=dt.date(2024 + number, 12, 31),
        )
        services.publish_version(version, actor=SYSTEM)
    return item


def private(cast: Any) -> RuleSet:
    """Owned by ``cast.org``, for the own organisation only; two versions and a variant of ``cast.org``."""
    item = _rule_set(cast.org, "Matrix eigen", "eigen", versions=2)
    if not item.variants.exists():
        services.publish_variant(
            item,
            actor=SYSTEM,
            organisation=cast.org,
            values={"factor": 3},
            geldig_van=D,
            regulation_title="Verordening",
            regulation_url="https://lokaleregelgeving.overheid.nl/",
        )
    return item


def public(cast: Any) -> RuleSet:
    return _rule_set(cast.org, "Matrix openbaar", "openbaar")


def foreign(cast: Any) -> RuleSet:
    """Public, owned by the other organisation: ``cast.org`` may publish a variant of it."""
    return _rule_set(cast.other_org, "Matrix ander", "openbaar")


def _url(item: RuleSet, tail: str = "") -> str:
    return f"{BASE}/rulesets/{item.uuid}{tail}"


def _concept(cast: Any) -> str:
    item = public(cast)
    services.add_version(item, actor=SYSTEM, dmn=times_model("x + factor"), geldig_van=dt.date(2030, 1, 1))
    return _url(item, "/versions/2/publish")


# POSTs without a payload send "{}": Django's test client would otherwise send an empty
# multipart body, which the API refuses (415) before anything else (see the note in the report).
EMPTY: dict[str, Any] = {}


def _receipt(cast: Any) -> dict[str, Any]:
    item = private(cast)
    result = evaluation.evaluate(item, actor=SYSTEM, inputs=INPUTS, day=D)
    return {"url": f"{BASE}/receipts/verify", "body": {"receipt": result.receipt, "inputs": INPUTS}}


def _row(method: str, path: str, profile: str, ok: int, build: Any) -> dict[str, Any]:
    return {"method": method, "path": BASE + path, "profile": profile, "ok": ok, "build": build}


R = "/rulesets/{rule_set_id}"
ROWS: list[dict[str, Any]] = [
    _row("GET", "/rulesets", "rules_public", 200, lambda c: {"url": f"{BASE}/rulesets?q=Matrix"}),
    _row(
        "POST",
        "/rulesets",
        "rules_owners",
        201,
        lambda c: {
            "url": f"{BASE}/rulesets",
            "body": {"owner": str(c.org.uuid), "title": "Nieuw", "visibility": "eigen"},
        },
    ),
    _row("GET", R, "rules_private", 200, lambda c: {"url": _url(private(c))}),
    _row(
        "POST",
        R + "/versions",
        "rules_owners",
        201,
        lambda c: {
            "url": _url(public(c), "/versions"),
            "body": {"dmn": times_model(), "geldig_van": "2031-01-01"},
        },
    ),
    _row(
        "GET",
        R + "/versions/{number}",
        "rules_private",
        200,
        lambda c: {"url": _url(private(c), "/versions/1")},
    ),
    _row(
        "POST",
        R + "/versions/{number}/publish",
        "rules_owners",
        200,
        lambda c: {"url": _concept(c), "body": EMPTY},
    ),
    _row(
        "POST",
        R + "/versions/{number}/withdraw",
        "rules_owners",
        200,
        lambda c: {"url": _url(public(c), "/versions/1/withdraw"), "body": EMPTY},
    ),
    _row(
        "GET",
        R + "/schema",
        "rules_private",
        200,
        lambda c: {"url": _url(private(c), "/schema?datum=2024-06-01")},
    ),
    _row("GET", R + "/diff", "rules_private", 200, lambda c: {"url": _url(private(c), "/diff?van=1&naar=2")}),
    _row(
        "POST",
        R + "/variants",
        "rules_owners",
        201,
        lambda c: {
            "url": _url(foreign(c), "/variants"),
            "body": {
                "organisation": str(c.org.uuid),
                "values": {"factor": 4},
                "geldig_van": "2024-01-01",
                "regulation_title": "Verordening",
                "regulation_url": "https://lokaleregelgeving.overheid.nl/",
            },
        },
    ),
    _row(
        "GET",
        R + "/variants/{variant_id}/diff",
        "rules_private",
        200,
        lambda c: {
            "url": _url(private(c), f"/variants/{private(c).variants.get().uuid}/diff?datum=2024-06-01")
        },
    ),
    _row(
        "POST",
        R + "/evaluate",
        "rules_private",
        200,
        lambda c: {"url": _url(private(c), "/evaluate"), "body": {"inputs": INPUTS, "datum": "2024-06-01"}},
    ),
    _row(
        "POST",
        R + "/evaluate-batch",
        "rules_private",
        200,
        lambda c: {
            "url": _url(private(c), "/evaluate-batch?datum=2024-06-01"),
            "body": [INPUTS, {"x": "fout"}],
        },
    ),
    _row("POST", "/receipts/verify", "rules_private", 200, _receipt),
]

LAW = {
    "bwb_id": "BWBR0018451",
    "title": "Wet op de zorgtoeslag",
    "article": "2",
    "url": "https://wetten.overheid.nl/BWBR0018451/2025-01-01#Artikel2",
}


def _law_reference(cast: Any) -> str:
    item = public(cast)
    found = item.law_references.filter(version__isnull=True).first()
    if found is None:
        found = services.add_law_reference(item, actor=SYSTEM, data=LAW)
    return _url(item, f"/law-references/{found.pk}")


def _open_term(cast: Any) -> str:
    item = public(cast)
    return _url(item, f"/open-terms/{item.open_terms.get(name='factor').pk}")


ROWS += [
    _row(
        "POST",
        R + "/law-references",
        "rules_owners",
        201,
        lambda c: {"url": _url(public(c), "/law-references"), "body": LAW},
    ),
    _row(
        "PATCH",
        R + "/law-references/{reference_id}",
        "rules_owners",
        200,
        lambda c: {"url": _law_reference(c), "body": {"article": "3"}, "etag_url": _url(public(c))},
    ),
    _row(
        "DELETE",
        R + "/law-references/{reference_id}",
        "rules_owners",
        204,
        lambda c: {"url": _law_reference(c), "etag_url": _url(public(c))},
    ),
    _row(
        "POST",
        R + "/open-terms",
        "rules_owners",
        201,
        lambda c: {
            "url": _url(public(c), "/open-terms"),
            "body": {
                "name": "x",
                "label": "Invoer",
                "minimum": 0,
                "default": 1,
                "law_title": "Testwet",
                "law_article": "9",
                "law_url": "https://wetten.overheid.nl/BWBR0015703",
            },
        },
    ),
    _row(
        "PATCH",
        R + "/open-terms/{term_id}",
        "rules_owners",
        200,
        lambda c: {"url": _open_term(c), "body": {"label": "Vermenigvuldiger"}, "etag_url": _url(public(c))},
    ),
    _row(
        "DELETE",
        R + "/open-terms/{term_id}",
        "rules_owners",
        204,
        lambda c: {"url": _open_term(c), "etag_url": _url(public(c))},
    ),
]

# Evaluating and verifying are reads sent as POST: they change nothing, so the matrix does not
# look for an audit record of a write (``"writes": False``, see tests/api/matrix.py).
for _read_row in ROWS:
    if _read_row["path"].endswith(("/evaluate", "/evaluate-batch", "/receipts/verify")):
        _read_row["writes"] = False
