"""Create and change organisations (audited, in one transaction)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from opgave.core import permissions
from opgave.core.exceptions import PermissionDenied, RevisionConflict
from opgave.core.models import Organisation, Person
from opgave.core.services import audit

EDITABLE = ("name", "kind", "oin", "cbs_code", "parent")


def _deny(actor: Person, action: str, organisation: Organisation | None, origin: str, message: str) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=action,
            result=audit.DENIED,
            organisation=organisation,
            object=organisation,
            origin=origin,
        )
    raise PermissionDenied(message)


def _changes_for_audit(organisation: Organisation, changes: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field, value in changes.items():
        before = getattr(organisation, field)
        if field == "parent":
            before = before.uuid if before else None
            value = value.uuid if value else None
        if before != value:
            out[field] = {"oud": before, "nieuw": value}
    return out


def create_organisation(
    *,
    actor: Person | None,
    name: str,
    kind: str,
    oin: str = "",
    cbs_code: str = "",
    parent: Organisation | None = None,
    origin: str = "",
) -> Organisation:
    """Add an organisation to the register. Platform administrators only (``actor=None``: the system)."""
    if actor is not None and not permissions.can_create_organisation(actor):
        _deny(
            actor,
            "organisation.create",
            None,
            origin,
            "Alleen platformbeheerders mogen organisaties toevoegen.",
        )
    organisation = Organisation(
        name=name.strip(), kind=kind, oin=oin.strip(), cbs_code=cbs_code.strip(), parent=parent
    )
    organisation.full_clean()
    with transaction.atomic():
        organisation.save()
        audit.record(
            actor=actor,
            action="organisation.create",
            result=audit.SUCCESS,
            organisation=organisation,
            object=organisation,
            origin=origin,
            detail={"name": organisation.name, "kind": organisation.kind},
            actor_label=None if actor else "systeem",
        )
    return organisation


def update_organisation(
    organisation: Organisation,
    *,
    actor: Person | None,
    changes: dict[str, Any],
    expected_revision: int | None = None,
    origin: str = "",
) -> Organisation:
    """Change fields of ``organisation`` (those in :data:`EDITABLE`).

    With ``expected_revision`` the change only goes through when nobody
    changed the organisation since (optimistic locking; the API's ``If-Match``).
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"cannot change organisation field(s): {', '.join(sorted(unknown))}")
    if actor is not None and not permissions.can_manage_organisation(actor, organisation):
        _deny(actor, "organisation.update", organisation, origin, "Je mag deze organisatie niet wijzigen.")
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if expected_revision is not None and locked.revision != expected_revision:
            raise RevisionConflict(locked.revision)
        diff = _changes_for_audit(locked, changes)
        for field, value in changes.items():
            setattr(locked, field, value.strip() if isinstance(value, str) else value)
        locked.full_clean()
        if diff:
            locked.revision += 1
            locked.save()
            audit.record(
                actor=actor,
                action="organisation.update",
                result=audit.SUCCESS,
                organisation=locked,
                object=locked,
                origin=origin,
                detail={"changes": diff},
                actor_label=None if actor else "systeem",
            )
    return locked
