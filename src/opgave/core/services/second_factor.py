"""The second factor's writes: confirm a device, make recovery codes, reset by an administrator.

Every function takes the acting :class:`~opgave.core.actors.Actor` keyword-only, decides
itself whether that actor may do it, and writes its audit record in the same transaction.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from opgave.core import permissions
from opgave.core.actors import Actor
from opgave.core.exceptions import PermissionDenied
from opgave.core.models import Person, RecoveryCodeDevice, SecondFactorGrace
from opgave.core.services import audit

RECOVERY_CODE_COUNT = 10
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: easy to copy from paper


def _new_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(16))  # 16 × log2(31) ≈ 79 bits
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def _require_self(actor: Actor, person: Person, action: str) -> None:
    if actor.person is None or actor.token is not None or actor.person.pk != person.pk:
        with transaction.atomic():
            audit.record(
                actor=actor.audit_actor,
                action=action,
                result=audit.DENIED,
                object=person,
                origin=actor.origin,
            )
        raise PermissionDenied("Alleen de persoon zelf kan een tweede factor instellen.")


def _replace_recovery_codes(person: Person) -> list[str]:
    device = RecoveryCodeDevice.objects.filter(user=person).first()
    if device is None:
        device = RecoveryCodeDevice.objects.create(user=person, name="Herstelcodes", confirmed=True)
    StaticToken.objects.filter(device=device).delete()
    codes = [_new_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=RecoveryCodeDevice.digest(code)) for code in codes]
    )
    return codes


def confirm_device(person: Person, device: TOTPDevice, *, actor: Actor) -> list[str]:
    """Confirm ``device`` as the person's only authenticator app (replacing an earlier one).

    Every other session of the person ends (one opened elsewhere with the password alone must not
    outlive the new factor); the caller keeps its own with ``update_session_auth_hash``.

    Returns new recovery codes when the person had none left (to be shown once), else ``[]``.
    The caller has checked the code of ``device`` and, for a replacement, a code of the old one.
    """
    _require_self(actor, person, "totp.setup")
    with transaction.atomic():
        replaced = TOTPDevice.objects.filter(user=person, confirmed=True).exclude(pk=device.pk).delete()[0]
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        has_codes = StaticToken.objects.filter(device__user=person).exists()
        codes = [] if has_codes else _replace_recovery_codes(person)
        SecondFactorGrace.objects.filter(person=person).delete()
        person.end_other_sessions()  # the caller keeps its own (update_session_auth_hash)
        audit.record(
            actor=person,
            action="totp.setup",
            result=audit.SUCCESS,
            object=person,
            origin=actor.origin,
            detail={"replaced": bool(replaced), "recovery_codes": len(codes)},
        )
    return codes


def regenerate_recovery_codes(person: Person, *, actor: Actor) -> list[str]:
    """Ten new single-use recovery codes; the old ones stop working. Shown once, stored as digests."""
    _require_self(actor, person, "recovery_codes.generate")
    with transaction.atomic():
        codes = _replace_recovery_codes(person)
        audit.record(
            actor=person,
            action="recovery_codes.generate",
            result=audit.SUCCESS,
            object=person,
            origin=actor.origin,
            detail={"count": len(codes)},
        )
    return codes


def reset_second_factor(person: Person, *, actor: Actor) -> None:
    """Remove every device and recovery code of ``person`` (lost phone): they must enrol again.

    Platform administrators only (and the system, e.g. the CLI). Starts a new grace period,
    so someone who must use a second factor can log in once more to set one up.
    """
    if not (
        actor.is_system or (actor.token is None and permissions.can_reset_second_factor(actor.person, person))
    ):
        with transaction.atomic():
            audit.record(
                actor=actor.audit_actor,
                action="second_factor.reset",
                result=audit.DENIED,
                object=person,
                origin=actor.origin,
            )
        raise PermissionDenied("Alleen platformbeheerders kunnen de tweede factor van iemand herstellen.")
    with transaction.atomic():
        devices = TOTPDevice.objects.filter(user=person).delete()[0]
        RecoveryCodeDevice.objects.filter(user=person).delete()
        SecondFactorGrace.objects.update_or_create(person=person, defaults={"started_at": timezone.now()})
        person.end_other_sessions()  # whoever holds the lost phone's sessions is logged out
        audit.record(
            actor=actor.audit_actor,
            action="second_factor.reset",
            result=audit.SUCCESS,
            object=person,
            origin=actor.origin,
            detail={"devices_removed": devices},
        )
