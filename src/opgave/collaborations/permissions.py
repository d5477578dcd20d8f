"""Named access checks for collaborations. Every service and selector uses these.

Roles (documented for users in ``docs/gebruikershandleiding/samenwerkingen.md``):

* **participant** — a member of an owner organisation or of an organisation that takes part
  (active :class:`~opgave.collaborations.models.Participation`);
* **owner member** — a member (any role) of an owner organisation;
* **owner administrator** — an administrator (*beheerder*) of an owner organisation;
* **facilitator** — a person *named* as facilitator of the collaboration (the creator is one);
* **session facilitator** — the person who opened one session: runs *that* session (reveal,
  edit the shared formulation) and nothing more; opening a session never makes anyone a
  facilitator of the collaboration.

What each may do:

=================================================  ==========================================
action                                             who
=================================================  ==========================================
see the private parts, edit the draft, registers   participants, facilitators, session facilitators
open a session                                     owner members, facilitators (people only)
change the public fields (name, opgave, status…)   owner members, facilitators
change owners, region, programme and theme,        owner administrators; an owner organisation
share diagnostics with the programme               is removed only by its own administrator
reveal, edit the shared formulation                the session's facilitator (and named ones)
=================================================  ==========================================

A *principal* is a :class:`~opgave.core.models.Person` or an active
:class:`~opgave.core.models.ApiToken`. A token acts for its own organisation only and never
beyond its issuer (``created_by``): while the issuer is no longer an active member of the
token's organisation, the token acts for nobody; it is an owner administrator only when its
issuer is an administrator of that organisation (a token the system issued counts as issued
by a member). A token is never a facilitator, never a session participant and never
the author of an answer.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from opgave.collaborations.models import Collaboration, Programme, Session
from opgave.core import permissions as core_permissions
from opgave.core.models import ApiToken, Membership, Person


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
    owners = _owner_ids(collaboration)
    active = set(
        collaboration.participations.filter(left_at__isnull=True).values_list("organisation_id", flat=True)
    )
    return owners | active


def _token_roles(token: ApiToken) -> tuple[set[int], set[int]]:
    """(organisations, administered organisations) a token acts for, bounded by its issuer."""
    standing = core_permissions.token_standing(token)
    if standing == core_permissions.NOBODY:
        return set(), set()
    admin = {token.organisation_id} if standing == core_permissions.ADMIN else set()
    return {token.organisation_id}, admin


def _org_ids(principal: Any) -> set[int]:
    if isinstance(principal, ApiToken):
        return _token_roles(principal)[0]
    person = person_of(principal)
    if person is None:
        return set()
    return set(core_permissions.roles(person))


def _admin_org_ids(principal: Any) -> set[int]:
    if isinstance(principal, ApiToken):
        return _token_roles(principal)[1]
    person = person_of(principal)
    if person is None:
        return set()
    return {org for org, role in core_permissions.roles(person).items() if role == Membership.Role.ADMIN}


def _owner_ids(collaboration: Collaboration) -> set[int]:
    if "owners" in getattr(collaboration, "_prefetched_objects_cache", {}):
        return {owner.pk for owner in collaboration.owners.all()}
    return set(collaboration.owners.values_list("id", flat=True))


def organisation_ids(principal: Any) -> set[int]:
    """The organisations a principal acts for."""
    return _org_ids(principal)


def is_participant(person: Any, collaboration: Collaboration) -> bool:
    return bool(_org_ids(person) & participant_org_ids(collaboration))


def is_facilitator(principal: Any, collaboration: Collaboration) -> bool:
    """A person named as facilitator of the collaboration (not merely of one session)."""
    person = person_of(principal)
    if person is None:
        return False
    return collaboration.facilitators.filter(pk=person.pk).exists()


def facilitates_a_session(principal: Any, collaboration: Collaboration) -> bool:
    person = person_of(principal)
    return person is not None and collaboration.sessions.filter(facilitator=person).exists()


def is_owner_member(principal: Any, collaboration: Collaboration) -> bool:
    return bool(_org_ids(principal) & _owner_ids(collaboration))


def is_owner_admin(principal: Any, collaboration: Collaboration) -> bool:
    return bool(_admin_org_ids(principal) & _owner_ids(collaboration))


def can_view_private(person: Any, collaboration: Collaboration) -> bool:
    if is_participant(person, collaboration):
        return True
    # Named facilitator or facilitator of one of its sessions: asked in one query.
    facilitator = person_of(person)
    return (
        facilitator is not None
        and Collaboration.objects.filter(pk=collaboration.pk)
        .filter(Q(facilitators=facilitator) | Q(sessions__facilitator=facilitator))
        .exists()
    )


def can_edit(person: Any, collaboration: Collaboration) -> bool:
    """Participants and facilitators may edit the draft design and the registers."""
    return can_view_private(person, collaboration)


def can_manage(person: Any, collaboration: Collaboration) -> bool:
    """Owner members and named facilitators may change the public fields."""
    return is_owner_member(person, collaboration) or is_facilitator(person, collaboration)


def can_open_session(principal: Any, collaboration: Collaboration) -> bool:
    """Owner members and named facilitators open sessions; a token never does."""
    if person_of(principal) is None:
        return False
    return is_owner_member(principal, collaboration) or is_facilitator(principal, collaboration)


def can_govern(principal: Any, collaboration: Collaboration) -> bool:
    """Owner administrators change owners, region, programme and theme, and decide whether the
    programme's owners see the diagnostics."""
    return is_owner_admin(principal, collaboration)


def can_remove_owner(principal: Any, organisation_id: int) -> bool:
    """An owner organisation is removed only by one of its own administrators."""
    return organisation_id in _admin_org_ids(principal)


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
