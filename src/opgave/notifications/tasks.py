"""Background work of the notifications app (django-tasks; `opgave worker` runs them).

* :data:`send_notification_email` — enqueued by :func:`~opgave.notifications.services.notify` for
  people who want an e-mail per notification;
* :data:`send_daily_digest` — run once a day by the scheduler (see docs/reference/tasks.md): one
  e-mail per person who chose the digest, with every notification not yet mailed.

Both are idempotent: a notification is mailed at most once (``emailed_at``).
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from opgave.core.logging import get_logger
from opgave.notifications import mail
from opgave.notifications.models import EmailMode, Notification, NotificationPreference

log = get_logger(__name__)


@task()
def send_notification_email(notification_uuid: str) -> bool:
    """Mail one notification (once). Returns whether a mail was sent."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(uuid=notification_uuid, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not notification.recipient.email or not notification.recipient.is_active:
            return False
        mail.single(notification).send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    log.info("notification.emailed", notification=str(notification.uuid))
    return True


@task()
def send_daily_digest() -> int:
    """One e-mail per person in digest mode with every notification not mailed yet. Returns the number of mails."""
    people = NotificationPreference.objects.filter(email_mode=EmailMode.DIGEST).values_list(
        "person_id", flat=True
    )
    sent = 0
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update()
            .select_related("recipient")
            .filter(recipient_id__in=list(people), emailed_at__isnull=True, recipient__is_active=True)
            .exclude(recipient__email="")
            .order_by("created_at")
        )
        grouped: dict[int, list[Notification]] = defaultdict(list)
        for item in pending:
            grouped[item.recipient_id].append(item)
        now = timezone.now()
        for items in grouped.values():
            mail.digest(items[0].recipient.email, items).send()
            Notification.objects.filter(pk__in=[i.pk for i in items]).update(emailed_at=now)
            sent += 1
    log.info("notification.digest", mails=sent)
    return sent
