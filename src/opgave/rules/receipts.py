"""Receipts (bonnen): a signed record of one evaluation, so it can be reproduced years later.

A receipt names the rule set, the version and its model hash (SHA-256 of the canonical model),
the variant and its version, the engine version, the as-of date, the SHA-256 of the inputs (never
the inputs themselves), the decisions asked for, the outputs and the time. It is signed with
HMAC-SHA-256 under a key from ``settings.RULES_RECEIPT_KEYS``.

**Key rotation.** ``OPGAVE_RULES_RECEIPT_KEYS`` is a comma-separated list of ``id:secret`` pairs.
The first key signs new receipts; every key listed verifies. To rotate: put a new pair in front,
keep the old one behind it for as long as old receipts must verify, then remove it. Each receipt
carries the id of its key (``sleutel``), so verification picks the right secret.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import hmac
import json
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

import opgave

ENGINE_VERSION = f"opgave.dmn {opgave.__version__}"
SIGNED_FIELDS = (
    "id",
    "regelset",
    "versie",
    "model_hash",
    "variant",
    "variant_versie",
    "engine",
    "datum",
    "invoer_hash",
    "beslissingen",
    "uitkomsten",
    "tijdstip",
    "sleutel",
)


def keys() -> list[tuple[str, str]]:
    """``[(key id, secret), ...]``; the first signs."""
    pairs = []
    for part in str(settings.RULES_RECEIPT_KEYS).split(","):
        key_id, sep, secret = part.strip().partition(":")
        if sep and key_id.strip() and secret.strip():
            pairs.append((key_id.strip(), secret.strip()))
    if not pairs:
        raise ImproperlyConfigured("OPGAVE_RULES_RECEIPT_KEYS bevat geen sleutel in de vorm id:geheim.")
    return pairs


def plain(value: Any) -> Any:
    """Numbers as normalised decimal text, so 131.12, 131.120 and Decimal('131.12') agree."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float, decimal.Decimal)):
        number = decimal.Decimal(repr(value)) if isinstance(value, float) else decimal.Decimal(value)
        if not number.is_finite():
            return None
        text = f"{number.normalize():f}"
        return "0" if text in {"-0", "0"} else text
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return str(value)


def canonical(value: Any) -> str:
    return json.dumps(plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def sha256(value: Any) -> str:
    return hashlib.sha256(canonical(value).encode("utf-8")).hexdigest()


def _signature(payload: dict[str, Any], secret: str) -> str:
    message = canonical({k: payload.get(k) for k in SIGNED_FIELDS}).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def issue(
    *,
    rule_set_id: str,
    version: int,
    model_hash: str,
    variant_id: str | None,
    variant_version: int | None,
    day: dt.date,
    inputs: dict[str, Any],
    decisions: list[str],
    outputs: dict[str, Any],
    at: dt.datetime,
) -> dict[str, Any]:
    key_id, secret = keys()[0]
    payload: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "regelset": rule_set_id,
        "versie": version,
        "model_hash": model_hash,
        "variant": variant_id,
        "variant_versie": variant_version,
        "engine": ENGINE_VERSION,
        "datum": day.isoformat(),
        "invoer_hash": sha256(inputs),
        "beslissingen": list(decisions),
        "uitkomsten": outputs,
        "tijdstip": at.isoformat(timespec="seconds"),
        "sleutel": key_id,
    }
    payload["handtekening"] = _signature(payload, secret)
    return payload


def receipt_hash(receipt: dict[str, Any]) -> str:
    """The hash the processing log records: SHA-256 over the signed receipt."""
    return sha256({k: receipt.get(k) for k in (*SIGNED_FIELDS, "handtekening")})


def signature_valid(receipt: dict[str, Any]) -> bool:
    secrets = dict(keys())
    secret = secrets.get(str(receipt.get("sleutel") or ""))
    if secret is None:
        return False
    return hmac.compare_digest(_signature(receipt, secret), str(receipt.get("handtekening") or ""))
