"""Notifications of the dossier app, through the platform's ``opgave.notifications`` (in-app bell
and e-mail). One place, so the dossier services never depend on its details.

Messages never hold case content or personal data of subjects: only the dossier reference and the
organisation's name.
"""

from __future__ import annotations

from typing import Any

from opgave.dossiers.models import Dossier, Participation
from opgave.notifications import services as notifications


def notify(*, recipient: Any, kind: str, title: str, body: str = "", url: str = "") -> None:
    if recipient is None or not getattr(recipient, "is_active", False):
        return
    notifications.notify(recipient=recipient, kind=kind, title=title, body=body, url=url)


def notify_organisation(
    participation: Participation, *, kind: str, title: str, body: str, dossier: Dossier | None = None
) -> None:
    """Tell the contact person of a participation."""
    if participation.contact is not None:
        url = f"/dossiers/{dossier.uuid}/" if dossier is not None else ""
        notify(recipient=participation.contact, kind=kind, title=title, body=body, url=url)
