"""The security audit log: ``record(...)`` appends one hash-chained :class:`AuditRecord`.

Contract (used by every app): call :func:`record` *inside* the transaction of
the change it describes, so the change and its record commit or roll back
together::

    with transaction.atomic():
        organisation.save()
        audit.record(actor=person, action="organisation.update", result="success",
                     organisation=organisation, object=organisation, origin=audit.origin_of(request))

Denials and failed logins are recorded on their own (nothing else to commit).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import ipaddress
import json
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone

from opgave.core.actors import Actor as ServiceActor
from opgave.core.exceptions import PermissionDenied
from opgave.core.models import ApiToken, AuditRecord, DenialTally, Organisation, Person
from opgave.core.services import chain

Actor = ServiceActor | Person | ApiToken | AnonymousUser | None
SUCCESS = AuditRecord.Result.SUCCESS
DENIED = AuditRecord.Result.DENIED
FAILED = AuditRecord.Result.FAILED


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in _networks(network) for network in settings.TRUSTED_PROXIES)


@functools.lru_cache(maxsize=64)
def _networks(network: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    return ipaddress.ip_network(network.strip(), strict=False)


def origin_of(request: HttpRequest | None) -> str:
    """Where a request came from: the client's IP address, or ``""``.

    ``REMOTE_ADDR``, unless that is one of ``TRUSTED_PROXIES``: then the nearest address in
    ``X-Forwarded-For`` that is not a trusted proxy (read from the right, as each proxy appends
    the address it saw; what a client wrote further left is not believed).
    """
    if request is None:
        return ""
    address = str(request.META.get("REMOTE_ADDR", ""))
    if settings.TRUSTED_PROXIES and _trusted(address):
        hops = [hop.strip() for hop in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
        for hop in reversed([hop for hop in hops if hop]):
            if not _trusted(hop):
                # Not an address: keep the proxy's, and believe nothing further left either.
                with contextlib.suppress(ValueError):
                    address = str(ipaddress.ip_address(hop))
                break
    return address[:64]


def object_ref(obj: models.Model | None) -> tuple[str, str]:
    """``("app.model", id)`` for an object; its ``uuid`` when it has one, else the primary key."""
    if obj is None:
        return "", ""
    ident = getattr(obj, "uuid", None) or obj.pk
    return f"{obj._meta.app_label}.{obj._meta.model_name}", str(ident)[:64]


def _actor_fields(actor: Actor, label: str | None) -> tuple[Person | None, str, Organisation | None]:
    if isinstance(actor, ServiceActor):
        if actor.is_system:
            return None, label or "systeem", None
        return _actor_fields(actor.token or actor.person, label)
    if isinstance(actor, ApiToken):
        return actor.created_by, label or f"token {actor.prefix}", actor.organisation
    if isinstance(actor, Person):
        return actor, label or actor.username, None
    return None, label or "anoniem", None


def record(
    *,
    actor: Actor,
    action: str,
    result: str,
    organisation: Organisation | None = None,
    object: models.Model | None = None,
    origin: str = "",
    detail: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditRecord:
    """Append one record to the audit log (in the caller's transaction).

    ``actor`` is an :class:`~opgave.core.actors.Actor`, a person, an API token (recorded as
    ``token <prefix>``, its issuer as the person, its organisation, and ``detail.token`` with its
    id and name) or ``None``/anonymous. ``result`` is ``success``, ``denied``
    or ``failed``. ``detail`` must not hold personal data beyond what the
    audit needs; it is stored as JSON.
    """
    if result not in AuditRecord.Result.values:
        raise ValueError(f"audit result must be one of {AuditRecord.Result.values}, not {result!r}")
    if not action:
        raise ValueError("audit action must not be empty")
    person, label, token_org = _actor_fields(actor, actor_label)
    if isinstance(actor, ServiceActor):
        origin = origin or actor.origin
    object_type, object_id = object_ref(object)
    token = actor.token if isinstance(actor, ServiceActor) else actor
    if isinstance(token, ApiToken):  # which token acted: its id and name, next to its issuer
        detail = {"token": {"id": str(token.uuid), "name": token.name}, **(detail or {})}
    plain_detail = json.loads(json.dumps(detail or {}, cls=DjangoJSONEncoder, sort_keys=True))
    entry = AuditRecord(
        at=timezone.now(),
        actor=person,
        actor_label=label[:200],
        organisation=organisation or token_org,
        action=action[:100],
        object_type=object_type,
        object_id=object_id,
        result=result,
        origin=origin[:64],
        detail=plain_detail,
    )
    return chain.append(entry)


def refuse(
    actor: ServiceActor,
    action: str,
    message: str,
    *,
    organisation: Organisation | None = None,
    object: models.Model | None = None,
) -> PermissionDenied:
    """Record a refusal on its own (nothing else to commit) and return the error to raise::

    raise audit.refuse(actor, "membership.create", "Je mag ...", organisation=org)
    """
    with transaction.atomic():
        record(
            actor=actor,
            action=action,
            result=DENIED,
            organisation=organisation or actor.organisation,
            object=object,
        )
    error = PermissionDenied(message)
    error.audited = True
    return error


def _window_start(now: Any, seconds: int) -> Any:
    epoch = int(now.timestamp())
    return now - dt.timedelta(seconds=epoch % seconds, microseconds=now.microsecond)


def record_denial(
    *,
    actor: Actor,
    action: str,
    origin: str = "",
    organisation: Organisation | None = None,
    detail: dict[str, Any] | None = None,
    actor_label: str | None = None,
) -> AuditRecord | None:
    """A denial that may repeat many times (anonymous 401s, attempts on a locked account).

    The first one per ``(action, origin, actor, window)`` is audited like :func:`record`
    (its detail says it is aggregated); the rest of that window only count up in
    :class:`~opgave.core.models.DenialTally` (returns ``None``). The window is
    ``AUDIT_DENIAL_WINDOW`` seconds. Call it outside a transaction when possible.
    """
    window = max(1, int(getattr(settings, "AUDIT_DENIAL_WINDOW", 300)))
    now = timezone.now()
    _, label, _ = _actor_fields(actor, actor_label)
    key = {
        "action": action[:100],
        "origin": origin[:64],
        "actor_label": label[:200],
        "window_start": _window_start(now, window),
    }
    tally = DenialTally.objects.filter(**key)
    if tally.update(count=F("count") + 1, last_at=now):
        return None
    try:
        with transaction.atomic():
            row = DenialTally.objects.create(**key, count=1, last_at=now)
            entry = record(
                actor=actor,
                action=action,
                result=DENIED,
                organisation=organisation,
                origin=origin,
                detail={**(detail or {}), "aggregated": {"window_seconds": window}},
                actor_label=actor_label,
            )
            row.record_seq = entry.seq
            row.save(update_fields=["record_seq"])
            return entry
    except IntegrityError:  # a parallel denial opened the window first: count this one there
        tally.update(count=F("count") + 1, last_at=now)
        return None
