"""Who may do what with an organisation through the API (named checks, deny by default).

Persons are judged by :mod:`opgave.core.permissions` (memberships and roles); an API
token by its organisation and scopes: a token only ever acts for its own organisation.
The checks raise :class:`opgave.api.problems.Forbidden` (403, audit-logged).
"""

from __future__ import annotations

import uuid

from django.http import HttpRequest

from opgave.api.auth import AuthContext, context_of
from opgave.api.problems import Forbidden, NotFound
from opgave.core import permissions
from opgave.core.models import Organisation


def organisation_or_404(organisation_id: uuid.UUID) -> Organisation:
    organisation = Organisation.objects.select_related("parent").filter(uuid=organisation_id).first()
    if organisation is None:
        raise NotFound("Er is geen organisatie met dit id.")
    return organisation


def _token_for(context: AuthContext, organisation: Organisation, scope: str) -> bool:
    return (
        context.token is not None
        and context.token.organisation_id == organisation.pk
        and context.has_scope(scope)
    )


def require_member(request: HttpRequest, organisation: Organisation, *, scope: str) -> AuthContext:
    """Members (any role), platform administrators, or a token of this organisation."""
    context = context_of(request)
    if context.token is not None:
        if _token_for(context, organisation, scope):
            return context
    elif permissions.is_member(context.person, organisation) or permissions.is_platform_admin(context.person):
        return context
    raise Forbidden("Alleen leden en beheerders van deze organisatie mogen dit zien.")


def require_manager(request: HttpRequest, organisation: Organisation, *, scope: str) -> AuthContext:
    """Administrators of this organisation, platform administrators, or a token of it."""
    context = context_of(request)
    if context.token is not None:
        if _token_for(context, organisation, scope):
            return context
    elif permissions.can_manage_organisation(context.person, organisation):
        return context
    raise Forbidden("Alleen beheerders van deze organisatie mogen dit.")


def require_platform_admin(request: HttpRequest) -> AuthContext:
    context = context_of(request)
    if context.token is None and permissions.is_platform_admin(context.person):
        return context
    raise Forbidden("Alleen platformbeheerders mogen dit.")
