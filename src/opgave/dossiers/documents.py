"""Documents in a dossier: allowed types, size limit, content sniffing; stored encrypted.

The declared content type and the file name are not trusted: the first bytes decide. A file whose
bytes do not match one of the allowed types is refused, whatever its name says.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from opgave.dossiers import crypto
from opgave.dossiers.errors import invalid

ALLOWED = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "text/plain": "tekst",
}


def sniff(data: bytes) -> str | None:
    """The content type the bytes themselves show, for the allowed types; ``None`` otherwise."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    head = data[:4096]
    if b"\x00" in head:
        return None
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # a multi-byte character cut at the end is fine
            return None
    return "text/plain"


def check(data: bytes, name: str) -> str:
    """The sniffed content type; raises ``Invalid`` for an empty, too large or unknown file."""
    limit = int(settings.DOSSIER_MAX_UPLOAD_BYTES)
    if not data:
        raise invalid("document", "Het bestand is leeg.")
    if len(data) > limit:
        raise invalid("document", f"Het bestand is te groot (hoogstens {limit // (1024 * 1024)} MB).")
    kind = sniff(data)
    if kind is None:
        allowed = ", ".join(sorted(set(ALLOWED.values())))
        raise invalid("document", f"Dit soort bestand kan niet in een dossier. Toegestaan: {allowed}.")
    if len(name) > 200 or "/" in name or "\\" in name:
        raise invalid("document", "De bestandsnaam is te lang of bevat een schuine streep.")
    return kind


def store(data: bytes) -> str:
    """Encrypt and save through Django's storage API; returns the storage path (a random name)."""
    return default_storage.save(f"dossiers/{uuid.uuid4().hex}.bin", ContentFile(crypto.encrypt_bytes(data)))


def read(path: str) -> bytes:
    with default_storage.open(path, "rb") as handle:
        return crypto.decrypt_bytes(handle.read())


def rewrite(path: str) -> None:
    """Re-encrypt a stored document under the current key (key rotation)."""
    with default_storage.open(path, "rb") as handle:
        rotated = crypto.rotate_bytes(handle.read())
    default_storage.delete(path)
    default_storage.save(path, ContentFile(rotated))


def remove(path: str) -> None:
    if path and default_storage.exists(path):
        default_storage.delete(path)
