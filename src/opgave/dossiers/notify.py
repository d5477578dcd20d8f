"""Notifications of the dossier app: one function, so switching to the platform's
``opgave.notifications.services.notify`` (when it lands on main) is a one-line change.

In-app, the dossier pages show matches and requests from the data itself; this sends the
e-mail through Django's e-mail backend (console in the demo). Messages never hold case content
or personal data of subjects: only the dossier reference and the organisation's name.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail

from opgave.core.logging import get_logger
from opgave.dossiers.models import Dossier, Participation

log = get_logger(__name__)


def notify(*, recipient: object, kind: str, title: str, body: str = "", url: str = "") -> None:
    email = getattr(recipient, "email", "")
    if not email:
        return
    try:
        send_mail(
            subject=f"[opgave] {title}",
            message=f"{body}\n\n{url}".strip(),
            from_email=getattr(settings, "DEFAULT_FROM_EMAIL", None),
            recipient_list=[email],
            fail_silently=False,
        )
    except OSError:
        log.warning("dossiers.notify.failed", kind=kind, recipient=str(getattr(recipient, "uuid", "")))


def notify_organisation(
    participation: Participation, *, kind: str, title: str, body: str, dossier: Dossier | None = None
) -> None:
    """Tell the contact person of a participation."""
    if participation.contact is not None:
        url = f"/dossiers/{dossier.uuid}/" if dossier is not None else ""
        notify(recipient=participation.contact, kind=kind, title=title, body=body, url=url)
