"""What the collaborations pillar tells people, through the platform's one entry point
:func:`opgave.notifications.services.notify`. Called by the services inside their transaction, so a
notification exists exactly when the change it announces does. Titles name the session or the
collaboration (which the recipient may see); no answers, no reasons, no other personal data.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from opgave.collaborations.models import Collaboration, Session
from opgave.core.actors import Actor
from opgave.core.models import Person
from opgave.notifications.services import notify


def _actor(actor: Actor | None) -> Actor | None:
    return actor


def _others(people: Iterable[Person], actor: Actor | None) -> list[Person]:
    """Everyone in ``people`` except the person who acted (nobody is told of their own action)."""
    me_pk = actor.person.pk if actor is not None and actor.person is not None else None
    return [p for p in dict.fromkeys(people) if p.pk != me_pk and p.is_active]


def _session_url(session: Session) -> str:
    return reverse("collaborations:session", args=[session.uuid])


def answer_requested(actor: Actor | None, session: Session, people: Iterable[Person]) -> None:
    closing = f" Sluit op {session.closes_at:%d-%m-%Y}." if getattr(session, "closes_at", None) else ""
    for person in _others(people, actor):
        notify(
            recipient=person,
            kind="session.answer_requested",
            title=f"Sessie '{session.title}' wacht op je antwoord",
            body="Schrijf eerst zelf op wat volgens jou de opgave is; niemand ziet je antwoord voor het onthullen."
            + closing,
            url=_session_url(session),
            actor=_actor(actor),
        )


def revealed(actor: Actor | None, session: Session) -> None:
    for person in _others(session.participants.all(), actor):
        notify(
            recipient=person,
            kind="session.revealed",
            title=f"De antwoorden in '{session.title}' zijn onthuld",
            body="Bekijk hoe ver de formuleringen uiteenliggen en werk mee aan de gedeelde formulering.",
            url=_session_url(session),
            actor=_actor(actor),
        )


def proposal_changed(actor: Actor | None, session: Session, consented: Iterable[Person]) -> None:
    for person in _others(consented, actor):
        notify(
            recipient=person,
            kind="session.proposal_changed",
            title=f"De formulering in '{session.title}' is gewijzigd nadat je instemde",
            body="Je eerdere instemming telt niet meer. Lees de nieuwe tekst en stem opnieuw in of maak bezwaar.",
            url=_session_url(session),
            actor=_actor(actor),
        )


def agreed(actor: Actor | None, session: Session, version_number: int) -> None:
    url = reverse("collaborations:version", args=[session.collaboration.uuid, version_number])
    for person in _others([*session.participants.all(), session.facilitator], None):
        notify(
            recipient=person,
            kind="session.agreed",
            title=f"Iedereen stemde in: versie {version_number} van '{session.collaboration.name}'",
            body=f"De gedeelde formulering uit '{session.title}' is vastgesteld als nieuwe versie.",
            url=url,
            actor=_actor(actor),
        )


def review_due(collaboration: Collaboration, people: Iterable[Person], steps: list[int]) -> None:
    names = ", ".join(str(s) for s in steps)
    for person in _others(people, None):
        notify(
            recipient=person,
            kind="review.due",
            title=f"Herijking nodig: '{collaboration.name}'",
            body=f"Stap {names} is langer dan de herzieningstermijn niet samen bevestigd.",
            url=reverse("collaborations:detail", args=[collaboration.uuid]),
        )
