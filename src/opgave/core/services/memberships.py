"""Add, change and end memberships (audited, in one transaction)."""

from __future__ import annotations

from django.db import transaction

from opgave.core import permissions
from opgave.core.actors import Actor
from opgave.core.exceptions import Invalid, ValidationError, check_revision
from opgave.core.models import Membership, Organisation, Person
from opgave.core.services import audit

SCOPE = "organisations:write"


def _require_manager(actor: Actor, organisation: Organisation, action: str, obj: Membership | None) -> None:
    if not permissions.may_manage(actor, organisation, SCOPE):
        raise audit.refuse(
            actor,
            action,
            "Je mag de leden van deze organisatie niet beheren.",
            organisation=organisation,
            object=obj,
        )


def _check_role(role: str) -> None:
    if role not in Membership.Role.values:
        raise ValidationError({"role": f"Onbekende rol; kies uit {', '.join(Membership.Role.values)}."})


def add_membership(
    *,
    actor: Actor,
    person: Person | None,
    organisation: Organisation,
    role: str = Membership.Role.MEMBER,
    job_title: str = "",
) -> Membership:
    """Make ``person`` a member of ``organisation`` with ``role``.

    ``person=None`` is a person the caller could not find (an unknown e-mail address): refused
    as invalid input, but only after the permission check, so outsiders cannot probe accounts.
    """
    _require_manager(actor, organisation, "membership.create", None)
    if person is None:
        raise Invalid(
            "Er is geen persoon met dit e-mailadres op het platform.",
            [{"field": "email", "message": "Onbekend e-mailadres."}],
        )
    _check_role(role)
    if not permissions.may_add_member(actor, person, organisation):
        raise audit.refuse(
            actor,
            "membership.create",
            "Een platformbeheerder wordt alleen lid van een organisatie als een beheerder van die "
            "organisatie hem toevoegt.",
            organisation=organisation,
        )
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
            detail={"person": str(person.uuid), "role": role},
        )
    return membership


def change_membership(
    membership: Membership,
    *,
    actor: Actor,
    role: str | None = None,
    job_title: str | None = None,
    expected_revision: int | None,
) -> Membership:
    """Change the role or job title of a membership (``expected_revision``: the revision read)."""
    _require_manager(actor, membership.organisation, "membership.update", membership)
    if role is not None:
        _check_role(role)
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        check_revision(locked, expected_revision)
        if locked.role == Membership.Role.ADMIN and role is not None and role != Membership.Role.ADMIN:
            admins = Membership.objects.select_for_update().filter(
                organisation=locked.organisation, role=Membership.Role.ADMIN
            )
            if admins.count() == 1:
                raise ValidationError(
                    {"role": "De laatste beheerder van een organisatie kan geen gewoon lid worden."}
                )
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
                detail={"changes": diff},
            )
    return locked


def end_membership(membership: Membership, *, actor: Actor, expected_revision: int | None) -> None:
    """Remove a membership. The last administrator of an organisation cannot be removed."""
    organisation = membership.organisation
    _require_manager(actor, organisation, "membership.delete", membership)
    with transaction.atomic():
        locked = Membership.objects.select_for_update().select_related("person").get(pk=membership.pk)
        check_revision(locked, expected_revision)
        admins = Membership.objects.select_for_update().filter(
            organisation=organisation, role=Membership.Role.ADMIN
        )
        if locked.role == Membership.Role.ADMIN and admins.count() == 1:
            raise ValidationError("De laatste beheerder van een organisatie kan niet worden verwijderd.")
        audit.record(
            actor=actor,
            action="membership.delete",
            result=audit.SUCCESS,
            organisation=organisation,
            object=locked,
            detail={"person": str(locked.person.uuid), "role": locked.role},
        )
        locked.delete()
