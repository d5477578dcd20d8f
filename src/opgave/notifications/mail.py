"""The e-mails: one per notification, or one daily digest. Subjects carry no personal data."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage

from opgave.notifications.kinds import label
from opgave.notifications.models import Notification

PRODUCT = "opgave"


def _link(notification: Notification) -> str:
    base = str(getattr(settings, "OPGAVE_BASE_URL", "")).rstrip("/")
    return f"{base}{notification.url}" if notification.url else f"{base}/meldingen/"


def single(notification: Notification) -> EmailMessage:
    lines = [
        "Goedendag,",
        "",
        notification.title,
    ]
    if notification.body:
        lines += ["", notification.body]
    lines += [
        "",
        f"Bekijk het hier: {_link(notification)}",
        "",
        "Je krijgt deze e-mail omdat je meldingen per e-mail ontvangt. Op de pagina Meldingen kies je "
        "voor één overzicht per dag of voor geen e-mail.",
    ]
    return EmailMessage(
        subject=f"{PRODUCT}: {label(notification.kind)}",
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
    )


def digest(recipient_email: str, notifications: list[Notification]) -> EmailMessage:
    count = len(notifications)
    lines = [
        "Goedendag,",
        "",
        f"Sinds het vorige overzicht {'is er 1 nieuwe melding' if count == 1 else f'zijn er {count} nieuwe meldingen'}:",
        "",
    ]
    for item in notifications:
        lines.append(f"- {item.title}")
        lines.append(f"  {_link(item)}")
    lines += ["", "Je krijgt dit overzicht één keer per dag. Op de pagina Meldingen kies je iets anders."]
    return EmailMessage(
        subject=f"{PRODUCT}: je dagelijkse overzicht van meldingen",
        body="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient_email],
    )
