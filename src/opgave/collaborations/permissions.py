"""Named access checks for collaborations. Every view, endpoint and selector uses these.

* **participant** — a member of an owner organisation or of an organisation that takes part
  (active :class:`~opgave.collaborations.models.Participation`);
* **facilitator** — a person named as facilitator of the collaboration, or of one of its sessions;
* **private parts** (design, versions, sessions, tensions, goals, activity, lessons, diagnostics)
  are visible to participants and facilitators only; public fields to every logged-in person.

A *principal* is a :class:`~opgave.core.models.Person` or an active
:class:`~opgave.core.models.ApiToken`; a token acts for its own organisation only, is never a
facilitator, never a session participant and never the author of an answer.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from opgave.collaborations.models import Collaboration, Programme, Session
from opgave.core.models import ApiToken, Person


def person_of(principal: Any) -> Person | None:
    """The person behind a principal: ``None`` for a token, an anonymous or an inactive user."""
    if isinstance(principal, Person) and principal.is_active and principal.pk is not None:
        return principal
    return None


def is_known(principal: Any) -> bool:
    """A logged-in person or an active API token."""
    if isinstance(principal, ApiToken):
        return principal.is_active
    return person_of(principal) is not None


def participant_org_ids(collaboration: Collaboration) -> set[int]:
    owners = set(collaboration.owners.values_list("id", flat=True))
    active = set(
        collaboration.participations.filter(left_at__isnull=True).values_list("organisation_id", flat=True)
    )
    return owners | active


def _org_ids(principal: Any) -> set[int]:
    if isinstance(principal, ApiToken):
        return {principal.organisation_id} if principal.is_active else set()
    person = person_of(principal)
    if person is None:
        return set()
    return set(person.memberships.values_list("organisation_id", flat=True))


def organisation_ids(principal: Any) -> set[int]:
    """The organisations a principal acts for."""
    return _org_ids(principal)


def is_participant(person: Any, collaboration: Collaboration) -> bool:
    return bool(_org_ids(person) & participant_org_ids(collaboration))


def is_facilitator(principal: Any, collaboration: Collaboration) -> bool:
    person = person_of(principal)
    if person is None:
        return False
    return (
        collaboration.facilitators.filter(pk=person.pk).exists()
        or collaboration.sessions.filter(facilitator=person).exists()
    )


def can_view_private(person: Any, collaboration: Collaboration) -> bool:
    return is_participant(person, collaboration) or is_facilitator(person, collaboration)


def can_edit(person: Any, collaboration: Collaboration) -> bool:
    """Participants and facilitators may edit the draft design and the registers."""
    return can_view_private(person, collaboration)


def can_manage(person: Any, collaboration: Collaboration) -> bool:
    """Members of an owner organisation and facilitators may change the public fields."""
    owners = set(collaboration.owners.values_list("id", flat=True))
    return bool(_org_ids(person) & owners) or is_facilitator(person, collaboration)


def private_filter(principal: Any) -> Q:
    """A ``Q`` on :class:`Collaboration` selecting those whose private parts ``principal`` may see."""
    if not is_known(principal):
        return Q(pk__in=[])
    orgs = _org_ids(principal)
    condition = Q(owners__in=orgs) | Q(
        participations__organisation__in=orgs, participations__left_at__isnull=True
    )
    person = person_of(principal)
    if person is not None:
        condition |= Q(facilitators=person) | Q(sessions__facilitator=person)
    return condition


def is_session_participant(person: Any, session: Session) -> bool:
    return (
        bool(getattr(person, "is_authenticated", False))
        and session.participants.filter(pk=person.pk).exists()
    )


def is_session_facilitator(person: Any, session: Session) -> bool:
    return bool(getattr(person, "is_authenticated", False)) and session.facilitator_id == person.pk


def can_manage_programme(person: Any, programme: Programme) -> bool:
    return bool(_org_ids(person) & set(programme.owners.values_list("id", flat=True)))


def can_create(person: Any) -> bool:
    return bool(_org_ids(person))


def can_reveal(principal: Any, session: Session) -> bool:
    """The session's facilitator, or a facilitator of the collaboration, reveals the answers."""
    person = person_of(principal)
    if person is None:
        return False
    return (
        session.facilitator_id == person.pk
        or session.collaboration.facilitators.filter(pk=person.pk).exists()
    )
