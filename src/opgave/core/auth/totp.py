"""The second factor: TOTP devices (django-otp), recovery codes, and who must use them.

States of a person (see ``docs/adr/0007-second-factor-enrolment.md``):

- has a confirmed device → every login asks for its code (or a recovery code);
- must use a second factor (``totp_required``) but has no device yet → within the grace
  period the password logs in and the person is sent to enrolment; after it, it does not;
- neither → the password alone logs in (the second factor is optional).

Enrolment is only ever possible in a fully logged-in session; the half-logged-in state
after a correct password can only verify an existing device.
"""

from __future__ import annotations

import base64
import datetime as dt
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from opgave.core.models import Membership, Person, RecoveryCodeDevice, SecondFactorGrace

DEVICE_NAME = "Authenticator-app"
RECOVERY_NAME = "Herstelcodes"


def confirmed_device(person: Person) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=person, confirmed=True).first()


def pending_device(person: Person) -> TOTPDevice:
    """The unconfirmed device being set up (one per person; created when missing)."""
    device = TOTPDevice.objects.filter(user=person, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=person, name=DEVICE_NAME, confirmed=False)


def recovery_device(person: Person) -> RecoveryCodeDevice | None:
    return RecoveryCodeDevice.objects.filter(user=person, confirmed=True).first()


def recovery_codes_left(person: Person) -> int:
    device = recovery_device(person)
    return device.token_set.count() if device else 0


def manages_members_or_tokens(person: Person) -> bool:
    """Platform administrators and organisation administrators (who manage members and tokens)."""
    if person.is_staff or person.is_superuser:
        return True
    return Membership.objects.filter(person=person, role=Membership.Role.ADMIN).exists()


def totp_required(person: Person) -> bool:
    """Whoever manages members or tokens must use TOTP when ``REQUIRE_ADMIN_TOTP`` is on (production)."""
    return bool(settings.REQUIRE_ADMIN_TOTP) and manages_members_or_tokens(person)


def grace_deadline(person: Person, *, start: bool = False) -> dt.datetime | None:
    """Until when ``person`` may still log in without a device (``start``: begin the period now if unset)."""
    grace = SecondFactorGrace.objects.filter(person=person).first()
    if grace is None:
        if not start:
            return None
        grace, _ = SecondFactorGrace.objects.get_or_create(
            person=person, defaults={"started_at": timezone.now()}
        )
    return grace.started_at + dt.timedelta(days=int(settings.ADMIN_TOTP_GRACE_DAYS))


def in_grace(person: Person, *, start: bool = False) -> bool:
    deadline = grace_deadline(person, start=start)
    return deadline is not None and timezone.now() < deadline


def needs_verification(person: Person) -> bool:
    """A logged-in session of ``person`` is only acceptable once verified with a second factor."""
    if confirmed_device(person) is not None:
        return True
    return totp_required(person) and not in_grace(person)


def secret_for_humans(device: TOTPDevice) -> str:
    """The shared secret in base32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The device's ``otpauth://`` URL as a QR code, an SVG in a ``data:`` URI (allowed by the CSP)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
