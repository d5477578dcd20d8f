"""Named access checks for collaborations. Every view, endpoint and selector uses these.

* **participant** — a member of an owner organisation or of an organisation that takes part
  (active :class:`~opgave.collaborations.models.Participation`);
* **facilitator** — a person named as facilitator of the collaboration, or of one of its sessions;
* **private parts** (design, versions, sessions, tensions, goals, activity, lessons, diagnostics)
  are visible to participants and facilitators only; public fields to every logged-in person.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from opgave.collaborations.models import Collaboration, Programme, Session


def participant_org_ids(collaboration: Collaboration) -> set[int]:
    owners = set(collaboration.owners.values_list("id", flat=True))
    active = set(
        collaboration.participations.filter(left_at__isnull=True).values_list("organisation_id", flat=True)
    )
    return owners | active


def _org_ids(person: Any) -> set[int]:
    if not getattr(person, "is_authenticated", False):
        return set()
    return set(person.memberships.values_list("organisation_id", flat=True))


def is_participant(person: Any, collaboration: Collaboration) -> bool:
    return bool(_org_ids(person) & participant_org_ids(collaboration))


def is_facilitator(person: Any, collaboration: Collaboration) -> bool:
    if not getattr(person, "is_authenticated", False):
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


def private_filter(person: Any) -> Q:
    """A ``Q`` on :class:`Collaboration` selecting those whose private parts ``person`` may see."""
    if not getattr(person, "is_authenticated", False):
        return Q(pk__in=[])
    orgs = _org_ids(person)
    return (
        Q(owners__in=orgs)
        | Q(participations__organisation__in=orgs, participations__left_at__isnull=True)
        | Q(facilitators=person)
        | Q(sessions__facilitator=person)
    )


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
