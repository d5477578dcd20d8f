"""Create and change organisations (audited, in one transaction)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from opgave.core import permissions
from opgave.core.actors import Actor
from opgave.core.exceptions import ValidationError, check_revision
from opgave.core.models import Organisation
from opgave.core.services import audit

EDITABLE = ("name", "kind", "oin", "cbs_code", "parent")


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
    actor: Actor,
    name: str,
    kind: str,
    oin: str = "",
    cbs_code: str = "",
    parent: Organisation | None = None,
) -> Organisation:
    """Add an organisation to the register. Platform administrators and the system only."""
    if not permissions.may_create_organisation(actor):
        raise audit.refuse(
            actor, "organisation.create", "Alleen platformbeheerders mogen organisaties toevoegen."
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
            detail={"name": organisation.name, "kind": organisation.kind},
        )
    return organisation


def update_organisation(
    organisation: Organisation,
    *,
    actor: Actor,
    changes: dict[str, Any],
    expected_revision: int | None,
) -> Organisation:
    """Change fields of ``organisation`` (those in :data:`EDITABLE`).

    The change only goes through when nobody changed the organisation since the
    caller read ``expected_revision`` (optimistic locking; the API's ``If-Match``).
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"cannot change organisation field(s): {', '.join(sorted(unknown))}")
    if not permissions.may_manage(actor, organisation, "organisations:write"):
        raise audit.refuse(
            actor,
            "organisation.update",
            "Je mag deze organisatie niet wijzigen.",
            organisation=organisation,
            object=organisation,
        )
    parent = changes.get("parent")
    if parent is not None and parent.pk == organisation.pk:
        raise ValidationError({"parent": "Een organisatie kan niet haar eigen bovenliggend orgaan zijn."})
    with transaction.atomic():
        locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
        check_revision(locked, expected_revision)
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
                detail={"changes": diff},
            )
    return locked
