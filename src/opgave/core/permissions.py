"""Named access checks. Every layer asks these, never the raw fields (deny by default).

``person`` may be a :class:`Person`, an anonymous user or ``None``; an inactive
person is allowed nothing.
"""

from __future__ import annotations

from typing import Any

from opgave.core.models import Membership, Organisation, Person


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


def can_reset_second_factor(person: Any, target: Person) -> bool:
    """Remove someone's second factor (lost phone). Platform administrators only, never their own.

    Organisation administrators may not: they could strip the second factor of a platform
    administrator who is also a member of their organisation (ADR 0007).
    """
    return is_platform_admin(person) and getattr(person, "pk", None) != target.pk
