"""Reads: a person sees only their own notifications (deny by default)."""

from __future__ import annotations

from django.db.models import QuerySet

from opgave.core.actors import Actor
from opgave.core.models import Person
from opgave.notifications.models import EmailMode, Notification, NotificationPreference


def _person(who: Actor | Person | None) -> Person | None:
    if isinstance(who, Actor):
        return None if who.is_anonymous else who.issuer
    if isinstance(who, Person) and who.is_active:
        return who
    return None


def notifications(who: Actor | Person | None, *, unread_only: bool = False) -> QuerySet[Notification]:
    person = _person(who)
    if person is None:
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient=person)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(who: Actor | Person | None) -> int:
    return notifications(who, unread_only=True).count()


def preference(person: Person) -> NotificationPreference:
    found = NotificationPreference.objects.filter(person=person).first()
    return found or NotificationPreference(person=person, email_mode=EmailMode.DIRECT)
