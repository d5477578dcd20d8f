"""API tokens: issue, authenticate, revoke.

A token reads ``opg_<8 hex>_<43 urlsafe>``: a visible prefix (``opg_<8 hex>``,
stored and shown to recognise the token) and 256 bits of randomness. Only the
SHA-256 of the whole token is stored; the plaintext is returned once, by
:func:`issue_token`. Tokens belong to an organisation, carry scopes (see
:mod:`opgave.core.scopes`), expire, and can be revoked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from opgave.core import permissions, scopes
from opgave.core.actors import Actor
from opgave.core.exceptions import ValidationError, check_revision
from opgave.core.models import ApiToken, Organisation
from opgave.core.rows import Reader
from opgave.core.services import audit

PREFIX_MARK = "opg_"
DEFAULT_LIFETIME = dt.timedelta(days=90)
MAX_LIFETIME = dt.timedelta(days=366)


def hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def _new_plaintext() -> tuple[str, str]:
    prefix = f"{PREFIX_MARK}{secrets.token_hex(4)}"
    return prefix, f"{prefix}_{secrets.token_urlsafe(32)}"


def _check_scopes(requested: list[str]) -> list[str]:
    unknown = sorted(set(requested) - set(scopes.SCOPES))
    if unknown:
        raise ValidationError({"scopes": f"Onbekende scope(s): {', '.join(unknown)}."})
    if not requested:
        raise ValidationError({"scopes": "Kies ten minste één scope."})
    return sorted(set(requested))


def issue_token(
    *,
    organisation: Organisation,
    name: str,
    scopes: list[str],
    actor: Actor,
    expires_at: dt.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Issue a token for ``organisation``; returns the token and its plaintext (shown once).

    ``actor`` must be allowed to manage the organisation's tokens. The token
    expires after ``expires_at`` (default 90 days, at most 366 days ahead).
    """
    if not permissions.may_manage(actor, organisation, "tokens:write"):
        raise audit.refuse(
            actor,
            "token.issue",
            "Je mag geen API-tokens uitgeven voor deze organisatie.",
            organisation=organisation,
        )
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Geef het token een naam."})
    clean_scopes = _check_scopes(list(scopes))
    beyond = permissions.scopes_beyond(actor, clean_scopes)
    if beyond:
        raise audit.refuse(
            actor,
            "token.issue",
            f"Een API-token kan geen scopes uitgeven die het zelf niet heeft: {', '.join(beyond)}.",
            organisation=organisation,
        )
    now = timezone.now()
    expires_at = expires_at or now + DEFAULT_LIFETIME
    if expires_at <= now:
        raise ValidationError({"expires_at": "De vervaldatum moet in de toekomst liggen."})
    if expires_at > now + MAX_LIFETIME:
        raise ValidationError({"expires_at": "Een token is hoogstens een jaar geldig."})
    prefix, plaintext = _new_plaintext()
    with transaction.atomic():
        token = ApiToken.objects.create(
            organisation=organisation,
            created_by=actor.issuer,
            name=name[:200],
            prefix=prefix,
            token_hash=hash_token(plaintext),
            scopes=clean_scopes,
            expires_at=expires_at,
        )
        audit.record(
            actor=actor,
            action="token.issue",
            result=audit.SUCCESS,
            organisation=organisation,
            object=token,
            detail={"prefix": prefix, "scopes": clean_scopes, "expires_at": expires_at},
        )
    return token, plaintext


_TOKEN_ROW = Reader(ApiToken, "organisation", "created_by")


def authenticate_token(plaintext: str, *, origin: str = "") -> ApiToken | None:
    """The active token for ``plaintext``, or ``None`` (unknown, malformed, expired or revoked).

    Failed attempts with a well-formed prefix are audited; ``last_used_at`` is
    kept up to date (at most once a minute per token).
    """
    if not plaintext or not plaintext.startswith(PREFIX_MARK) or len(plaintext) > 200:
        return None
    digest = hash_token(plaintext)
    # Read fresh on every request (revocation, expiry and scopes take effect at once), without the
    # query compiler: this is every token request's first statement (ADR 0047).
    token = _TOKEN_ROW.by("token_hash", digest)
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    if not token.is_active:
        reason = "ingetrokken" if token.revoked_at else "verlopen"
        with transaction.atomic():
            audit.record(
                actor=token,
                action="token.authenticate",
                result=audit.DENIED,
                object=token,
                origin=origin,
                detail={"reason": reason},
            )
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def token_allows(token: ApiToken, scope: str) -> bool:
    """Whether an (active) token carries ``scope`` (``x:write`` includes ``x:read``)."""
    return token.is_active and scopes.grants(token.scopes, scope)


def revoke_token(token: ApiToken, *, actor: Actor, expected_revision: int | None) -> ApiToken:
    """Revoke ``token`` now (idempotent: revoking twice keeps the first moment)."""
    if not permissions.may_manage(actor, token.organisation, "tokens:write"):
        raise audit.refuse(
            actor,
            "token.revoke",
            "Je mag dit API-token niet intrekken.",
            organisation=token.organisation,
            object=token,
        )
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        check_revision(locked, expected_revision)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.revision += 1
            locked.save(update_fields=["revoked_at", "revision", "updated_at"])
            audit.record(
                actor=actor,
                action="token.revoke",
                result=audit.SUCCESS,
                organisation=locked.organisation,
                object=locked,
                detail={"prefix": locked.prefix},
            )
    token.revoked_at, token.revision = locked.revoked_at, locked.revision
    return token
