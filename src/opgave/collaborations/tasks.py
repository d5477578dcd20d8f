"""Background work of the collaborations pillar (django-tasks; `opgave worker` runs them).

Scheduled (see docs/reference/tasks.md):

* :data:`session_deadlines` — every hour: reminds participants who have not answered yet when a
  session closes within ``OPGAVE_SESSION_REMINDER_HOURS``, and tells the facilitator once a
  session has reached its closing date;
* :data:`review_reminders` — once a day: tells the facilitators (or, without any, the contact
  persons) of a collaboration whose steps are overdue for review, at most once per 7 days.

Enqueued: :data:`send_invitation_email` (the link with the one-time token) and
:data:`measure_divergence` (the meaning of a revealed session's answers: the sentence encoder
takes seconds under load, so it never runs inside the facilitator's request). All are idempotent.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from opgave.collaborations import diagnostics as diag
from opgave.collaborations import notices
from opgave.collaborations.design import parse_design
from opgave.collaborations.models import Collaboration, Invitation, RequestStatus, Session, SessionStatus
from opgave.core.background import retry
from opgave.core.logging import get_logger
from opgave.core.models import Person
from opgave.notifications.models import Notification
from opgave.notifications.services import notify

log = get_logger(__name__)
REVIEW_REPEAT_DAYS = 7


def _sealer() -> Fernet:
    # A key of its own, derived from SECRET_KEY: the task table is a database table like any other.
    digest = hashlib.sha256(f"opgave:invitation-task:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def seal_token(token: str) -> str:
    """The one-time invitation token, encrypted for the task queue: only its hash is stored with the
    invitation, so the queued e-mail task must not keep it readable either."""
    return _sealer().encrypt(token.encode()).decode()


@task()
@retry(attempts=3, backoff=10)
def measure_divergence(session_uuid: str) -> bool:
    """Fill in the similarities of a revealed session (the page shows "bezig met berekenen" until then)."""
    from opgave.collaborations.services.sessions import complete_divergence

    session = Session.objects.filter(uuid=session_uuid).first()
    if session is None:
        return False
    done = complete_divergence(session)
    log.info("session.divergence", session=session_uuid, done=done)
    return done


@task()
def send_invitation_email(invitation_uuid: str, sealed_token: str) -> bool:
    invitation = Invitation.objects.select_related("collaboration").filter(uuid=invitation_uuid).first()
    if invitation is None or invitation.status != RequestStatus.PENDING or not invitation.email:
        return False
    try:
        token = _sealer().decrypt(sealed_token.encode()).decode()
    except InvalidToken:  # SECRET_KEY changed since: the link can no longer be sent
        log.warning("invitation.unsealable", invitation=str(invitation.uuid))
        return False
    base = str(settings.OPGAVE_BASE_URL).rstrip("/")
    link = base + reverse("collaborations:invitation-link", args=[token])
    body = "\n".join(
        [
            "Goedendag,",
            "",
            f"Je bent uitgenodigd om mee te doen aan de samenwerking '{invitation.collaboration.name}'.",
            *(["", invitation.message] if invitation.message else []),
            "",
            f"Neem de uitnodiging aan via deze link (eenmalig te gebruiken, geldig tot "
            f"{timezone.localtime(invitation.expires_at):%d-%m-%Y}):",
            link,
            "",
            "Je meldt je eerst aan bij opgave. Heb je nog geen account, vraag dan de beheerder van je organisatie.",
        ]
    )
    EmailMessage(
        subject="opgave: je bent uitgenodigd voor een samenwerking",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
    ).send()
    log.info("invitation.emailed", invitation=str(invitation.uuid))
    return True


@task()
def session_deadlines() -> dict[str, int]:
    """Reminders before, and a notice at, the closing date of open sessions."""
    now = timezone.now()
    soon = now + timedelta(hours=int(settings.OPGAVE_SESSION_REMINDER_HOURS))
    reminded = closed = 0
    with transaction.atomic():
        due = Session.objects.select_for_update().filter(
            status=SessionStatus.OPEN,
            closes_at__isnull=False,
            closes_at__gt=now,
            closes_at__lte=soon,
            reminded_at__isnull=True,
        )
        for session in due:
            answered = set(session.answers.values_list("author_id", flat=True))
            waiting = [p for p in session.participants.all() if p.pk not in answered]
            for person in waiting:
                notify(
                    recipient=person,
                    kind="session.closing_soon",
                    title=f"Sessie '{session.title}' sluit op {timezone.localtime(session.closes_at):%d-%m-%Y %H:%M}",
                    body="Je hebt nog geen antwoord gegeven. Na de sluiting kan dat niet meer.",
                    url=reverse("collaborations:session", args=[session.uuid]),
                )
            session.reminded_at = now
            session.save(update_fields=["reminded_at"])
            reminded += len(waiting)
        ended = Session.objects.select_for_update().filter(
            status=SessionStatus.OPEN,
            closes_at__isnull=False,
            closes_at__lte=now,
            closed_notified_at__isnull=True,
        )
        for session in ended:
            count = session.answers.count()
            total = session.participants.count()
            notify(
                recipient=session.facilitator,
                kind="session.closed",
                title=f"Sessie '{session.title}' is gesloten",
                body=f"{count} van de {total} deelnemers gaven een antwoord. Je kunt de antwoorden nu onthullen.",
                url=reverse("collaborations:session", args=[session.uuid]),
            )
            session.closed_notified_at = now
            session.save(update_fields=["closed_notified_at"])
            closed += 1
    log.info("session.deadlines", reminded=reminded, closed=closed)
    return {"reminded": reminded, "closed": closed}


@task()
def review_reminders() -> int:
    """Notify about collaborations with overdue steps (at most once per 7 days each)."""
    from opgave.collaborations.selectors import history_for

    now = timezone.now()
    sent = 0
    for item in Collaboration.objects.exclude(status="beeindigd"):
        history = history_for(item)
        design = parse_design(item.draft)
        overdue = [
            s.step
            for s in diag.step_statuses(design, history.versions, item.review_interval_days, now)
            if s.overdue
        ]
        if not overdue:
            continue
        url = reverse("collaborations:detail", args=[item.uuid])
        recent = Notification.objects.filter(
            kind="review.due", url=url, created_at__gte=now - timedelta(days=REVIEW_REPEAT_DAYS)
        ).exists()
        if recent:
            continue
        people = list(item.facilitators.filter(is_active=True))
        if not people:
            contacts = [p.contact_person for p in design.step2.parties if p.active and p.contact_person]
            people = list(Person.objects.filter(uuid__in=contacts, is_active=True))
        with transaction.atomic():
            notices.review_due(item, people, overdue)
        sent += len(people)
    log.info("review.reminders", notifications=sent)
    return sent
