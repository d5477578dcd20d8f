"""The one place the learning pillar sends a notice to a person.

The platform's notification app (``opgave.notifications``, in-app bell + e-mail) is not there
yet; until it is, a notice is an e-mail through Django's mail backend. Switching is one line:
``from opgave.notifications.services import notify``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail

from opgave.core.logging import get_logger

log = get_logger(__name__)


def notify(
    *, recipient: Any, kind: str, title: str, body: str = "", url: str = "", actor: Any = None
) -> None:
    """Tell ``recipient`` (a person) about something; never fails the caller's transaction."""
    if not getattr(recipient, "email", ""):
        log.info("notice.skipped", kind=kind, recipient=str(recipient.uuid))
        return
    text = body + (f"\n\n{url}" if url else "")
    try:
        send_mail(title, text, settings.DEFAULT_FROM_EMAIL, [recipient.email], fail_silently=False)
    except Exception:
        log.warning("notice.failed", kind=kind, recipient=str(recipient.uuid))
        return
    log.info("notice.sent", kind=kind, recipient=str(recipient.uuid))
