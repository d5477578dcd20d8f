"""Named access checks of the shared dossier. Services and selectors ask these; nothing else decides.

The unit of access is the **organisation** an actor acts for (the active organisation of a
person, the organisation of an API token). An organisation sees a dossier while it has an
*active* participation, and sees an entry only when one of its purposes in that dossier is the
entry's purpose **and** its clearance is at least the entry's confidentiality level. Platform
administrators see no content: they may accept participants of a dossier without a regisseur,
and answer a subject's access request (inzageverzoek).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Q

from opgave.core import permissions as core_permissions
from opgave.core.actors import Actor
from opgave.core.models import Membership, Organisation, ProcessingActivity
from opgave.core.rows import Reader
from opgave.dossiers.models import Dossier, Participation

READ = "dossiers:read"
WRITE = "dossiers:write"


def acting_organisation(actor: Actor, scope: str = READ) -> Organisation | None:
    """The organisation an actor acts for, when the actor may act for it with ``scope``."""
    if actor.is_system or actor.is_anonymous or not actor.has_scope(scope):
        return None
    organisation = actor.organisation
    if organisation is None:
        return None
    if actor.token is not None:
        token = actor.token
        if not token.is_active:
            return None
        issuer = token.created_by  # None: issued by the platform itself (CLI)
        if issuer is not None and (
            not issuer.is_active
            or not Membership.objects.filter(person=issuer, organisation=organisation).exists()
        ):
            return (
                None  # never more than the issuer could do: an issuer who left takes the token's rights along
            )
        return organisation
    if actor.person is None or not actor.person.is_active:
        return None
    if not Membership.objects.filter(person=actor.person, organisation=organisation).exists():
        return None
    return organisation


def participation(actor: Actor, dossier: Dossier, scope: str = READ) -> Participation | None:
    """The actor's organisation's *active* participation in ``dossier``."""
    organisation = acting_organisation(actor, scope)
    if organisation is None:
        return None
    return (
        Participation.objects.filter(
            dossier=dossier, organisation=organisation, status=Participation.Status.ACTIVE
        )
        .prefetch_related("purposes")
        .first()
    )


_OWN_PARTICIPATION = Reader(Participation, "dossier")


def participation_by_dossier_uuid(actor: Actor, uuid: Any, scope: str = READ) -> Participation | None:
    """:func:`participation` for the dossier with ``uuid``, the dossier loaded along (one query):
    what every read of a dossier starts with. The purposes are not loaded: :func:`entry_filter`
    asks for them inside the entries' own query, and a caller that lists them reads them then.
    Hand-written SQL (:class:`~opgave.core.rows.Reader`): every dossier request starts here."""
    organisation = acting_organisation(actor, scope)
    if organisation is None:
        return None
    try:
        key = _OWN_PARTICIPATION.prep("uuid", uuid if isinstance(uuid, UUID) else UUID(str(uuid)), Dossier)
    except (ValueError, TypeError, AttributeError):
        return None
    found: Participation | None = _OWN_PARTICIPATION.one(
        'r0."uuid" = %s AND t."organisation_id" = %s AND t."status" = %s',
        [key, organisation.pk, Participation.Status.ACTIVE.value],
    )
    return found


def is_platform_admin(actor: Actor) -> bool:
    return actor.token is None and core_permissions.is_platform_admin(actor.person)


def entry_filter(part: Participation | None) -> Q:
    """Entries ``part`` may see: a covering purpose and a high enough clearance (nothing for None).

    The purposes are a subquery on the participation's purposes (no query of their own); when
    they are already loaded (``prefetch_related("purposes")``) their ids are used instead."""
    if part is None or part.status != Participation.Status.ACTIVE or part.pk is None:
        return Q(pk__in=[])
    prefetched = getattr(part, "_prefetched_objects_cache", {}).get("purposes")
    if prefetched is not None:
        purposes: Any = [p.pk for p in prefetched]
        if not purposes:
            return Q(pk__in=[])
    else:
        purposes = Participation.purposes.through.objects.filter(participation_id=part.pk).values(
            "processingactivity_id"
        )
    return Q(dossier_id=part.dossier_id, purpose_id__in=purposes, confidentiality__lte=part.clearance)


def _entry_condition_sql() -> str:
    through = Participation.purposes.through._meta
    purpose = through.get_field("processingactivity").column
    owner = through.get_field("participation").column
    # Table and column names from our own models; the values are parameters.
    subquery = f'SELECT "{purpose}" FROM "{through.db_table}" WHERE "{owner}" = %s'  # noqa: S608
    return f't."dossier_id" = %s AND t."confidentiality" <= %s AND t."purpose_id" IN ({subquery})'


_ENTRY_CONDITION = _entry_condition_sql()


def entry_condition(part: Participation | None) -> tuple[str, list[Any]]:
    """:func:`entry_filter` as an SQL condition on the entries table under the alias ``t``, with
    its parameters, for the timeline's hand-written query (ADR 0052). The same rule — a test holds
    the two to the same rows for every kind of participation."""
    if part is None or part.status != Participation.Status.ACTIVE or part.pk is None:
        return "1 = 0", []
    return _ENTRY_CONDITION, [part.dossier_id, part.clearance, part.pk]


def is_regisseur(part: Participation | None) -> bool:
    return part is not None and part.status == Participation.Status.ACTIVE and part.is_regisseur


def can_manage_participants(actor: Actor, dossier: Dossier) -> bool:
    """The regisseur's organisation, or a platform administrator (e.g. when there is no regisseur)."""
    if actor.is_system or is_platform_admin(actor):
        return True
    return is_regisseur(participation(actor, dossier, WRITE))


def may_claim_purpose(organisation: Organisation, activity: ProcessingActivity) -> bool:
    """A purpose is the organisation's own register entry, or a shared one (no controller)."""
    return activity.controller_id is None or activity.controller_id == organisation.pk


def may_grant_clearance(actor: Actor, dossier: Dossier, level: int) -> bool:
    """Nobody grants more clearance than they hold themselves (platform admin and system: any)."""
    if actor.is_system or is_platform_admin(actor):
        return True
    own = participation(actor, dossier, WRITE)
    return own is not None and level <= own.clearance
