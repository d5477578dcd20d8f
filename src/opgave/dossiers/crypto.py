"""Encryption at rest (Fernet/MultiFernet) and keyed pseudonyms (HMAC-SHA-256) with key ids.

* **Content** (entry texts, plan texts, subject details, documents) is encrypted with
  ``cryptography``'s :class:`~cryptography.fernet.MultiFernet`. The first key of
  ``DOSSIER_ENCRYPTION_KEYS`` encrypts; every listed key decrypts. Rotation: put a new key in
  front, run ``opgave dossiers reencrypt``, then drop the old key (ADR 0028).
* **Pseudonyms** identify a subject without storing the BSN: ``HMAC(key, "bsn:<bsn>")``. Each
  stored pseudonym carries the id of the key that made it. Look-ups try every configured key,
  so a rotation never loses a match; ``opgave dossiers rekey`` rewrites pseudonyms to the current
  key for BSNs read from standard input (an extract of the source register), and every new
  registration of the same BSN rewrites them too (ADR 0029).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class UndecryptableError(RuntimeError):
    """Stored content that none of the configured keys can decrypt."""


def _derived_key(purpose: str) -> str:
    digest = hashlib.sha256(f"opgave.dossiers.{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encryption_keys() -> tuple[str, ...]:
    configured = tuple(k.strip() for k in settings.DOSSIER_ENCRYPTION_KEYS if k.strip())
    if not configured and getattr(settings, "PRODUCTION", False):
        # a key derived from SECRET_KEY would make rotating SECRET_KEY destroy every dossier
        raise ImproperlyConfigured("Zet OPGAVE_DOSSIER_ENCRYPTION_KEYS in productie (zie ADR 0028).")
    return configured or (_derived_key("encryption"),)


def fernet() -> MultiFernet:
    return _fernet(encryption_keys())


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode("utf-8")).decode("ascii") if text else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise UndecryptableError("Deze inhoud is met een onbekende sleutel versleuteld.") from exc


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt_bytes(data: bytes) -> bytes:
    try:
        return fernet().decrypt(data)
    except InvalidToken as exc:
        raise UndecryptableError("Dit document is met een onbekende sleutel versleuteld.") from exc


def rotate(token: str) -> str:
    """The same content under the current (first) key."""
    return fernet().rotate(token.encode("ascii")).decode("ascii") if token else ""


def rotate_bytes(data: bytes) -> bytes:
    return fernet().rotate(data)


# -- pseudonyms ------------------------------------------------------------------------------


def pseudonym_keys() -> list[tuple[str, str]]:
    """``[(key id, secret), ...]``, the current key first."""
    pairs: list[tuple[str, str]] = []
    for item in settings.DOSSIER_PSEUDONYM_KEYS:
        key_id, sep, secret = item.strip().partition(":")
        if sep and key_id and secret:
            pairs.append((key_id.strip(), secret.strip()))
    return pairs or [("k0", settings.PSEUDONYM_KEY)]


def current_key_id() -> str:
    return pseudonym_keys()[0][0]


def _hmac(secret: str, kind: str, identifier: str) -> str:
    message = f"{kind}:{identifier}".encode()
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def pseudonym(identifier: str, kind: str = "bsn") -> tuple[str, str]:
    """``(key id, pseudonym)`` under the current key."""
    key_id, secret = pseudonym_keys()[0]
    return key_id, _hmac(secret, kind, identifier)


def pseudonym_candidates(identifier: str, kind: str = "bsn") -> dict[str, str]:
    """``{pseudonym: key id}`` under every configured key (to find records made before a rotation)."""
    return {_hmac(secret, kind, identifier): key_id for key_id, secret in pseudonym_keys()}


__all__ = [
    "UndecryptableError",
    "current_key_id",
    "decrypt",
    "decrypt_bytes",
    "encrypt",
    "encrypt_bytes",
    "pseudonym",
    "pseudonym_candidates",
    "rotate",
    "rotate_bytes",
]
