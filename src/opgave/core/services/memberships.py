"""Add, change and end memberships (audited, in one transaction)."""

from __future__ import annotations

from django.db import transaction

from opgave.core import permissions
from opgave.core.exceptions import PermissionDenied, RevisionConflict, ValidationError
from opgave.core.models import Membership, Organisation, Person
from opgave.core.services import audit


def _require_manager(actor: Person | None, organisation: Organisation, action: str, origin: str) -> None:
    if actor is None or permissions.can_manage_organisation(actor, organisation):
        return
    with transaction.atomic():
        audit.record(
            actor=actor, action=action, result=audit.DENIED, organisation=organisation, origin=origin
        )
    raise PermissionDenied("Je mag de leden van deze organisatie niet beheren.")


def add_membership(
    *,
    actor: Person | None,
    person: Person,
    organisation: Organisation,
    role: str = Membership.Role.MEMBER,
    job_title: str = "",
    origin: str = "",
) -> Membership:
    """Make ``person`` a member of ``organisation`` with ``role``."""
    _require_manager(actor, organisation, "membership.create", origin)
    if role not in Membership.Role.values:
        raise ValidationError({"role": f"Onbekende rol; kies uit {', '.join(Membership.Role.values)}."})
    if Membership.objects.filter(person=person, organisation=organisation).exists():
        raise ValidationError({"person": "Deze persoon is al lid van deze organisatie."})
    with transaction.atomic():
        membership = Membership.objects.create(
            person=person, organisation=organisation, role=role, job_title=job_title.strip()
        )
        audit.record(
            actor=actor,
            action="membership.create",
            result=audit.SUCCESS,
            organisation=organisation,
            object=membership,
            origin=origin,
            detail={"person": str(person.uuid), "role": role},
            actor_label=None if actor else "systeem",
        )
    return membership


def change_membership(
    membership: Membership,
    *,
    actor: Person | None,
    role: str | None = None,
    job_title: str | None = None,
    expected_revision: int | None = None,
    origin: str = "",
) -> Membership:
    """Change the role or job title of a membership."""
    _require_manager(actor, membership.organisation, "membership.update", origin)
    if role is not None and role not in Membership.Role.values:
        raise ValidationError({"role": f"Onbekende rol; kies uit {', '.join(Membership.Role.values)}."})
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if expected_revision is not None and locked.revision != expected_revision:
            raise RevisionConflict(locked.revision)
        diff = {}
        if role is not None and role != locked.role:
            diff["role"] = {"oud": locked.role, "nieuw": role}
            locked.role = role
        if job_title is not None and job_title.strip() != locked.job_title:
            diff["job_title"] = {"oud": locked.job_title, "nieuw": job_title.strip()}
            locked.job_title = job_title.strip()
        if diff:
            locked.revision += 1
            locked.save()
            audit.record(
                actor=actor,
                action="membership.update",
                result=audit.SUCCESS,
                organisation=locked.organisation,
                object=locked,
                origin=origin,
                detail={"changes": diff},
                actor_label=None if actor else "systeem",
            )
    return locked


def end_membership(membership: Membership, *, actor: Person | None, origin: str = "") -> None:
    """Remove a membership. The last administrator of an organisation cannot be removed."""
    organisation = membership.organisation
    _require_manager(actor, organisation, "membership.delete", origin)
    with transaction.atomic():
        admins = Membership.objects.select_for_update().filter(
            organisation=organisation, role=Membership.Role.ADMIN
        )
        if membership.role == Membership.Role.ADMIN and admins.count() == 1:
            raise ValidationError("De laatste beheerder van een organisatie kan niet worden verwijderd.")
        audit.record(
            actor=actor,
            action="membership.delete",
            result=audit.SUCCESS,
            organisation=organisation,
            object=membership,
            origin=origin,
            detail={"person": str(membership.person.uuid), "role": membership.role},
            actor_label=None if actor else "systeem",
        )
        membership.delete()
