"""Writes of the notifications app. :func:`notify` is the one entry point for every pillar."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from opgave.core.actors import Actor
from opgave.core.models import Person
from opgave.core.services import audit
from opgave.notifications.models import EmailMode, Notification, NotificationPreference


def _safe_url(url: str) -> str:
    """Only a path on this site: an absolute or protocol-relative address is dropped."""
    url = (url or "").strip()
    return url if url.startswith("/") and not url.startswith("//") else ""


def notify(
    *,
    recipient: Person,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    actor: Actor | None = None,
) -> Notification:
    """Tell ``recipient`` something: shown in the bell and, per their preference, mailed at once
    (a background task) or gathered in the daily digest. The person who caused it is not told of
    their own action. Called inside the caller's transaction: rolled back with it."""
    from opgave.notifications import tasks

    if not kind or not title.strip():
        raise ValueError("a notification needs a kind and a title")
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind[:64],
        title=title.strip()[:300],
        body=body.strip()[:4000],
        url=_safe_url(url)[:500],
        actor_label=(actor.label if actor is not None and not actor.is_system else "")[:200],
        created_at=timezone.now(),
    )
    if recipient.is_active and recipient.email and email_mode(recipient) == EmailMode.DIRECT:
        tasks.send_notification_email.enqueue(str(notification.uuid))
    return notification


def email_mode(person: Person) -> str:
    preference = NotificationPreference.objects.filter(person=person).first()
    return preference.email_mode if preference is not None else EmailMode.DIRECT


def _me(actor: Actor) -> Person | None:
    """The person whose notifications the actor handles: the person, or a token's issuer (a token
    without an issuer has none)."""
    if actor.is_anonymous:
        raise PermissionDenied("Meld je aan om je meldingen te zien.")
    if actor.is_token and not actor.has_scope("notifications:write"):
        raise PermissionDenied("Dit token mag meldingen niet als gelezen markeren.")
    return actor.issuer


def _uuids(values: list[str]) -> list[uuid.UUID]:
    """The well-formed UUIDs among ``values`` (anything else names no notification)."""
    found = []
    for value in values:
        try:
            found.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return found


def mark_read(*, actor: Actor, notifications: list[str]) -> int:
    """Mark the actor's own notifications (by UUID) as read; others' and malformed ids are ignored.
    Returns how many changed."""
    me = _me(actor)
    if me is None:
        return 0
    with transaction.atomic():
        changed = Notification.objects.filter(
            recipient=me, uuid__in=_uuids(notifications), read_at__isnull=True
        ).update(read_at=timezone.now())
    return changed


def mark_all_read(*, actor: Actor) -> int:
    me = _me(actor)
    if me is None:
        return 0
    with transaction.atomic():
        return Notification.objects.filter(recipient=me, read_at__isnull=True).update(read_at=timezone.now())


def set_email_mode(*, actor: Actor, email_mode: str) -> NotificationPreference:
    """A person chooses: an e-mail per notification, one daily digest, or none."""
    if actor.person is None:
        raise PermissionDenied("Alleen een aangemelde persoon kiest hoe die meldingen ontvangt.")
    if email_mode not in EmailMode.values:
        raise ValidationError({"email_mode": "Kies direct, dagelijks overzicht of geen e-mail."})
    with transaction.atomic():
        preference, _ = NotificationPreference.objects.select_for_update().get_or_create(person=actor.person)
        if preference.email_mode != email_mode:
            preference.email_mode = email_mode
            preference.revision += 1
            preference.save()
        audit.record(
            actor=actor.audit_actor,
            action="notification.preference.update",
            result=audit.SUCCESS,
            object=preference,
            origin=actor.origin,
            detail={"email_mode": email_mode},
        )
    return preference
