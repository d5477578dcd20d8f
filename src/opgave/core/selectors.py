"""All reads of the core app, with the visibility rules applied (deny by default)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from opgave.core import permissions
from opgave.core.models import ApiToken, AuditRecord, Membership, Organisation, Person, ProcessingLogRecord
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


def person_by_id(pk: int) -> Person | None:
    """An active person by primary key (the pending login step keeps only the key in the session)."""
    return Person.objects.filter(pk=pk, is_active=True).first()
