"""The optional second factor: TOTP devices (django-otp) and their QR codes."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from opgave.core.models import Person

DEVICE_NAME = "Authenticator-app"


def confirmed_device(person: Person) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=person, confirmed=True).first()


def pending_device(person: Person) -> TOTPDevice:
    """The unconfirmed device being set up (one per person; created when missing)."""
    device = TOTPDevice.objects.filter(user=person, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=person, name=DEVICE_NAME, confirmed=False)


def totp_required(person: Person) -> bool:
    """Administrators must use TOTP when ``settings.REQUIRE_ADMIN_TOTP`` is on (production default)."""
    return bool(settings.REQUIRE_ADMIN_TOTP) and (person.is_staff or person.is_superuser)


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
