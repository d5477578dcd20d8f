"""Named access checks. Every layer asks these, never the raw fields (deny by default).

``person`` may be a :class:`Person`, an anonymous user or ``None``; an inactive
person is allowed nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from opgave.core.models import ApiToken, Membership, Organisation, Person

if TYPE_CHECKING:
    from opgave.core.actors import Actor

#: Within one request: each person's roles by organisation id, so the checks of one request ask
#: the database once. ``None`` outside a request (a service called from a task, a shell or a
#: test then always reads afresh). Any change to a membership empties it.
_ROLES: ContextVar[dict[int, dict[int, str]] | None] = ContextVar("opgave_roles", default=None)


@contextmanager
def remembering_roles(known: Iterable[Membership] = ()) -> Iterator[None]:
    """Remember roles for the duration of a request; ``known`` memberships seed it (all of one
    person's memberships, as the middleware loads them for the organisation switcher)."""
    cache: dict[int, dict[int, str]] = {}
    for membership in known:
        cache.setdefault(membership.person_id, {})[membership.organisation_id] = membership.role
    token = _ROLES.set(cache)
    try:
        yield
    finally:
        _ROLES.reset(token)


@receiver([post_save, post_delete], sender=Membership)
def _forget_roles(**_: Any) -> None:
    cache = _ROLES.get()
    if cache is not None:
        cache.clear()


def roles(person: Person) -> dict[int, str]:
    """The person's role per organisation id (``{}`` for an inactive or unsaved person)."""
    if not _active(person):
        return {}
    cache = _ROLES.get()
    if cache is not None and person.pk in cache:
        return cache[person.pk]
    found = dict(Membership.objects.filter(person=person).values_list("organisation_id", "role"))
    if cache is not None:
        cache[person.pk] = found
    return found


def _active(person: Any) -> bool:
    return isinstance(person, Person) and person.is_active and person.pk is not None


def is_platform_admin(person: Any) -> bool:
    """A platform administrator: staff, may use the Django admin and manage every organisation."""
    return _active(person) and bool(person.is_staff)


def is_member(person: Any, organisation: Organisation | None) -> bool:
    """``person`` has a membership (any role) of ``organisation``."""
    if not _active(person) or organisation is None:
        return False
    return organisation.pk in roles(person)


def is_org_admin(person: Any, organisation: Organisation | None) -> bool:
    """``person`` is an administrator (role *beheerder*) of ``organisation``."""
    if not _active(person) or organisation is None:
        return False
    return roles(person).get(organisation.pk) == Membership.Role.ADMIN


def can_manage_organisation(person: Any, organisation: Organisation | None) -> bool:
    """May change the organisation, its memberships and its API tokens."""
    return is_platform_admin(person) or is_org_admin(person, organisation)


def can_create_organisation(person: Any) -> bool:
    return is_platform_admin(person)


# -- the same questions about an Actor (a person, an API token or the system) -------------------
#
# A token acts for its own organisation only, within its scopes; the system may do everything.
# Services ask these; views and API handlers ask nothing themselves.


NOBODY, MEMBER, ADMIN = "niemand", "lid", "beheerder"


def token_standing(token: ApiToken) -> str:
    """What a token may be, for its own organisation, bounded by its issuer's *current* rights.

    ``ADMIN`` when the issuer (``created_by``) is now an administrator of the token's
    organisation or a platform administrator; ``MEMBER`` when the issuer is a member, and for a
    token the system issued (no issuer: ordinary work, never administration); ``NOBODY`` when
    the token is inactive or its issuer is inactive or no longer belongs to the organisation.
    """
    if not token.is_active:
        return NOBODY
    issuer = token.created_by
    if issuer is None:
        return MEMBER
    if not _active(issuer):
        return NOBODY
    if is_platform_admin(issuer) or is_org_admin(issuer, token.organisation):
        return ADMIN
    return MEMBER if is_member(issuer, token.organisation) else NOBODY


def may_view_members(actor: Actor, organisation: Organisation | None) -> bool:
    """See the memberships of ``organisation``: its members, platform administrators, its tokens."""
    if actor.is_system:
        return True
    if actor.token is not None:
        return (
            _token_of(actor, organisation)
            and actor.has_scope("organisations:read")
            and token_standing(actor.token) != NOBODY
        )
    return is_member(actor.person, organisation) or is_platform_admin(actor.person)


def may_manage(actor: Actor, organisation: Organisation | None, scope: str) -> bool:
    """Change ``organisation``'s data that ``scope`` covers (``organisations:write``: the organisation
    and its memberships; ``tokens:read``/``tokens:write``: its API tokens). A token needs the scope
    *and* an issuer who may manage the organisation now (:func:`token_standing`)."""
    if actor.is_system:
        return organisation is not None
    if actor.token is not None:
        return (
            _token_of(actor, organisation) and actor.has_scope(scope) and token_standing(actor.token) == ADMIN
        )
    return can_manage_organisation(actor.person, organisation)


def scopes_beyond(actor: Actor, requested: list[str]) -> list[str]:
    """The requested scopes ``actor`` could not grant: a token grants only what it holds itself."""
    if actor.token is None:
        return []
    return [scope for scope in requested if not actor.has_scope(scope)]


def may_add_member(actor: Actor, person: Person, organisation: Organisation) -> bool:
    """Platform administrators manage organisations but do not join them on their own authority:
    a platform administrator becomes a member only when an administrator of that organisation
    (or the system, e.g. the CLI) adds him. Everybody else: whoever may manage the members."""
    if actor.is_system or not is_platform_admin(person):
        return True
    adder = actor.issuer if actor.token is not None else actor.person
    return adder is not None and is_org_admin(adder, organisation)


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
