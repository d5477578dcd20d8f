"""The one place the learning pillar sends a notice to a person: the platform's notifications
(in-app bell and e-mail, :func:`opgave.notifications.services.notify`)."""

from __future__ import annotations

from typing import Any

from opgave.notifications.services import notify as platform_notify


def notify(
    *, recipient: Any, kind: str, title: str, body: str = "", url: str = "", actor: Any = None
) -> None:
    """Tell ``recipient`` (a person) about something, inside the caller's transaction."""
    platform_notify(recipient=recipient, kind=kind, title=title, body=body, url=url, actor=actor)
