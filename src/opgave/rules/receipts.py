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
import secrets
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


_EXACT_INT = 10**27  # below this an int's text is what Decimal(int).normalize() writes (28 digits)


def plain(value: Any) -> Any:
    """Numbers as normalised decimal text, so 131.12, 131.120 and Decimal('131.12') agree."""
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value
    if kind is int and -_EXACT_INT < value < _EXACT_INT:
        return str(value)
    if kind is dict:
        return {k if type(k) is str else str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (bool, str)):
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


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical(value: Any) -> str:
    """Sorted keys, no spaces, numbers as plain text: the form hashes and signatures are made of."""
    return _CANONICAL.encode(plain(value))


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


class Issuer:
    """Issues the receipts of many evaluations with one version on one date (a batch), cheaply.

    The fields every receipt of the batch shares are written to JSON once; per row only the id,
    the inputs hash, the outputs and the signature are filled in. A receipt made here is the same,
    field for field and byte for byte in its signed form, as one of :func:`issue`: it verifies
    with :func:`signature_valid` and ``POST /receipts/verify``.
    """

    def __init__(
        self,
        *,
        rule_set_id: str,
        version: int,
        model_hash: str,
        variant_id: str | None,
        variant_version: int | None,
        day: dt.date,
        decisions: list[str],
        at: dt.datetime,
    ) -> None:
        key_id, secret = keys()[0]
        self._secret = secret.encode("utf-8")
        # placeholders no field value can contain (a random token per batch)
        token = secrets.token_hex(8)
        self._ID, self._HASH, self._OUT, self._SIGNATURE = (f"@{token}-{n}@" for n in ("id", "h", "o", "s"))
        self.fields: dict[str, Any] = {
            "id": self._ID,
            "regelset": rule_set_id,
            "versie": version,
            "model_hash": model_hash,
            "variant": variant_id,
            "variant_versie": variant_version,
            "engine": ENGINE_VERSION,
            "datum": day.isoformat(),
            "invoer_hash": self._HASH,
            "beslissingen": list(decisions),
            "uitkomsten": self._OUT,
            "tijdstip": at.isoformat(timespec="seconds"),
            "sleutel": key_id,
        }
        signed = canonical({k: self.fields.get(k) for k in SIGNED_FIELDS})
        self._signed = self._cut(signed, [self._ID, self._HASH, self._OUT])
        shown = json.dumps({**self.fields, "handtekening": self._SIGNATURE}, ensure_ascii=False)
        self._shown = self._cut(shown, [self._ID, self._HASH, self._OUT, self._SIGNATURE])

    @staticmethod
    def _cut(text: str, holes: list[str]) -> list[str]:
        """``text`` split around each quoted placeholder, in order: the pieces between the holes."""
        pieces = []
        for hole in holes:
            before, found, text = text.partition(json.dumps(hole))
            if not found:  # pragma: no cover - the fields above hold each placeholder once
                raise RuntimeError(f"placeholder {hole!r} missing from the receipt template")
            pieces.append(before)
        return [*pieces, text]

    @staticmethod
    def outputs_json(outputs: dict[str, Any]) -> str:
        """The canonical JSON of outputs already made :func:`plain`, as signed."""
        return _CANONICAL.encode(outputs)

    def sign(self, receipt_id: str, inputs_hash: str, outputs_json: str) -> str:
        p = self._signed
        message = f'{p[0]}"{receipt_id}"{p[1]}"{inputs_hash}"{p[2]}{outputs_json}{p[3]}'
        return hmac.digest(self._secret, message.encode("utf-8"), "sha256").hex()

    def receipt_json(self, receipt_id: str, inputs_hash: str, outputs_json: str, signature: str) -> str:
        """The whole receipt as a JSON object, as :func:`issue` returns it (with ``uitkomsten`` plain)."""
        p = self._shown
        return f'{p[0]}"{receipt_id}"{p[1]}"{inputs_hash}"{p[2]}{outputs_json}{p[3]}"{signature}"{p[4]}'


def receipt_hash(receipt: dict[str, Any]) -> str:
    """The hash the processing log records: SHA-256 over the signed receipt."""
    return sha256({k: receipt.get(k) for k in (*SIGNED_FIELDS, "handtekening")})


def signature_valid(receipt: dict[str, Any]) -> bool:
    secrets = dict(keys())
    secret = secrets.get(str(receipt.get("sleutel") or ""))
    if secret is None:
        return False
    return hmac.compare_digest(_signature(receipt, secret), str(receipt.get("handtekening") or ""))
