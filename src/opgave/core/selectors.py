"""All reads of the core app, with the visibility rules applied (deny by default)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from opgave.core import permissions
from opgave.core.actors import Actor
from opgave.core.exceptions import Invalid, NotFound, PermissionDenied
from opgave.core.models import (
    ApiToken,
    AuditRecord,
    Membership,
    Organisation,
    Person,
    ProcessingActivity,
    ProcessingLogRecord,
)
from opgave.core.services.logs import pseudonymise


def organisations_visible_to(person: Any) -> QuerySet[Organisation]:
    """The register of organisations is public inside the platform: every signed-in person sees it."""
    if not getattr(person, "is_authenticated", False) or not person.is_active:
        return Organisation.objects.none()
    return Organisation.objects.select_related("parent").all()


def organisations_of(person: Any) -> QuerySet[Organisation]:
    """The organisations ``person`` is a member of (the choices of the organisation switcher)."""
    if not getattr(person, "is_authenticated", False) or not person.is_active:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__person=person).distinct()


def memberships_of(person: Any) -> QuerySet[Membership]:
    """``person``'s own memberships, with their organisations, ordered by organisation name."""
    if not getattr(person, "is_authenticated", False) or not person.is_active:
        return Membership.objects.none()
    return Membership.objects.filter(person=person).select_related("organisation")


def members_of(organisation: Organisation, viewer: Any) -> QuerySet[Membership]:
    """The memberships of ``organisation``: visible to its members and to platform administrators."""
    if not (permissions.is_member(viewer, organisation) or permissions.is_platform_admin(viewer)):
        return Membership.objects.none()
    return Membership.objects.filter(organisation=organisation).select_related("person")


def tokens_of(organisation: Organisation, viewer: Any) -> QuerySet[ApiToken]:
    """API tokens of ``organisation``: only for those who may manage it."""
    if not permissions.can_manage_organisation(viewer, organisation):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(organisation=organisation)


def audit_records_of(organisation: Organisation, viewer: Any) -> QuerySet[AuditRecord]:
    """The audit trail of one organisation: for its administrators and platform administrators."""
    if not permissions.can_manage_organisation(viewer, organisation):
        return AuditRecord.objects.none()
    return AuditRecord.objects.filter(organisation=organisation)


def processing_records_for(identifier: str, viewer: Any, kind: str = "bsn") -> QuerySet[ProcessingLogRecord]:
    """Every processing of one data subject (to answer an inzageverzoek); platform administrators only."""
    if not permissions.is_platform_admin(viewer):
        return ProcessingLogRecord.objects.none()
    return ProcessingLogRecord.objects.filter(data_subject=pseudonymise(identifier, kind)).select_related(
        "activity"
    )


def person_by_login(login: str) -> Person | None:
    """The person a login name refers to: a username, or an e-mail address (case-insensitive)."""
    field = "email__iexact" if "@" in login else "username"
    return Person.objects.filter(**{field: login.strip()}).first()


# -- reads for an Actor (the API): refuse with PermissionDenied, missing is NotFound -------------


def _signed_in(actor: Actor) -> None:
    if not actor.is_known:
        raise PermissionDenied("Meld je aan om dit te zien.")


def organisations(actor: Actor, *, kind: str | None = None, query: str = "") -> QuerySet[Organisation]:
    """The register (every signed-in person and token), filtered on kind and name."""
    _signed_in(actor)
    queryset = Organisation.objects.select_related("parent")
    if kind:
        queryset = queryset.filter(kind=kind)
    if query.strip():
        queryset = queryset.filter(name__icontains=query.strip())
    return queryset


def organisation(uuid: Any) -> Organisation:
    """One organisation by its uuid (the register is public inside the platform)."""
    found = Organisation.objects.select_related("parent").filter(uuid=uuid).first()
    if found is None:
        raise NotFound("Er is geen organisatie met dit id.")
    return found


def organisations_by_uuid(uuids: list[Any], field: str) -> list[Organisation]:
    """The organisations with these uuids, all of them, or ``Invalid`` naming ``field``."""
    found = list(Organisation.objects.filter(uuid__in=uuids))
    if len(found) != len(set(uuids)):
        raise Invalid(
            "Niet alle organisaties bestaan.", [{"field": field, "message": "Onbekende organisatie."}]
        )
    return found


def people_by_uuid(uuids: list[Any], field: str) -> list[Person]:
    """The people with these uuids, all of them, or ``Invalid`` naming ``field``."""
    found = list(Person.objects.filter(uuid__in=uuids))
    if len(found) != len(set(uuids)):
        raise Invalid("Niet alle personen bestaan.", [{"field": field, "message": "Onbekende persoon."}])
    return found


def processing_activity_known(code: str) -> bool:
    return ProcessingActivity.objects.filter(code=code).exists()


def memberships(actor: Actor, organisation: Organisation) -> QuerySet[Membership]:
    if not permissions.may_view_members(actor, organisation):
        raise PermissionDenied("Alleen leden en beheerders van deze organisatie mogen dit zien.")
    return Membership.objects.filter(organisation=organisation).select_related("person", "organisation")


def membership(actor: Actor, organisation: Organisation, uuid: Any) -> Membership:
    found = memberships(actor, organisation).filter(uuid=uuid).first()
    if found is None:
        raise NotFound("Deze organisatie heeft geen lidmaatschap met dit id.")
    return found


def tokens(actor: Actor, organisation: Organisation) -> QuerySet[ApiToken]:
    if not permissions.may_manage(actor, organisation, "tokens:read"):
        raise PermissionDenied("Alleen beheerders van deze organisatie mogen dit.")
    return ApiToken.objects.filter(organisation=organisation).select_related("organisation", "created_by")


def token(actor: Actor, organisation: Organisation, uuid: Any) -> ApiToken:
    found = tokens(actor, organisation).filter(uuid=uuid).first()
    if found is None:
        raise NotFound("Deze organisatie heeft geen API-token met dit id.")
    return found


def person_by_id(pk: int) -> Person | None:
    """An active person by primary key (the pending login step keeps only the key in the session)."""
    return Person.objects.filter(pk=pk, is_active=True).first()
