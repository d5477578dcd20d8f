"""Named access checks. Every layer asks these, never the raw fields (deny by default).

``person`` may be a :class:`Person`, an anonymous user or ``None``; an inactive
person is allowed nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from opgave.core.models import Membership, Organisation, Person

if TYPE_CHECKING:
    from opgave.core.actors import Actor


def _active(person: Any) -> bool:
    return isinstance(person, Person) and person.is_active and person.pk is not None


def is_platform_admin(person: Any) -> bool:
    """A platform administrator: staff, may use the Django admin and manage every organisation."""
    return _active(person) and bool(person.is_staff)


def is_member(person: Any, organisation: Organisation | None) -> bool:
    """``person`` has a membership (any role) of ``organisation``."""
    if not _active(person) or organisation is None:
        return False
    return Membership.objects.filter(person=person, organisation=organisation).exists()


def is_org_admin(person: Any, organisation: Organisation | None) -> bool:
    """``person`` is an administrator (role *beheerder*) of ``organisation``."""
    if not _active(person) or organisation is None:
        return False
    return Membership.objects.filter(
        person=person, organisation=organisation, role=Membership.Role.ADMIN
    ).exists()


def can_manage_organisation(person: Any, organisation: Organisation | None) -> bool:
    """May change the organisation, its memberships and its API tokens."""
    return is_platform_admin(person) or is_org_admin(person, organisation)


def can_create_organisation(person: Any) -> bool:
    return is_platform_admin(person)


# -- the same questions about an Actor (a person, an API token or the system) -------------------
#
# A token acts for its own organisation only, within its scopes; the system may do everything.
# Services ask these; views and API handlers ask nothing themselves.


def may_view_members(actor: Actor, organisation: Organisation | None) -> bool:
    """See the memberships of ``organisation``: its members, platform administrators, its tokens."""
    if actor.is_system:
        return True
    if actor.token is not None:
        return _token_of(actor, organisation) and actor.has_scope("organisations:read")
    return is_member(actor.person, organisation) or is_platform_admin(actor.person)


def may_manage(actor: Actor, organisation: Organisation | None, scope: str) -> bool:
    """Change ``organisation``'s data that ``scope`` covers (``organisations:write``: the organisation
    and its memberships; ``tokens:read``/``tokens:write``: its API tokens)."""
    if actor.is_system:
        return organisation is not None
    if actor.token is not None:
        return _token_of(actor, organisation) and actor.has_scope(scope)
    return can_manage_organisation(actor.person, organisation)


def may_create_organisation(actor: Actor) -> bool:
    return actor.is_system or (actor.token is None and can_create_organisation(actor.person))


def may_create_person(actor: Actor) -> bool:
    return actor.is_system or (actor.token is None and is_platform_admin(actor.person))


def may_set_password(actor: Actor, person: Person) -> bool:
    """The person themselves or a platform administrator (never a token)."""
    if actor.is_system:
        return True
    if actor.token is not None or actor.person is None:
        return False
    return actor.person.pk == person.pk or is_platform_admin(actor.person)


def _token_of(actor: Actor, organisation: Organisation | None) -> bool:
    token = actor.token
    return (
        token is not None
        and token.is_active
        and organisation is not None
        and token.organisation_id == organisation.pk
    )


def can_reset_second_factor(person: Any, target: Person) -> bool:
    """Remove someone's second factor (lost phone). Platform administrators only, never their own.

    Organisation administrators may not: they could strip the second factor of a platform
    administrator who is also a member of their organisation (ADR 0007).
    """
    return is_platform_admin(person) and getattr(person, "pk", None) != target.pk
