"""Create people and change their passwords (audited, in one transaction)."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from opgave.core import permissions
from opgave.core.exceptions import PermissionDenied, ValidationError
from opgave.core.models import Person
from opgave.core.services import audit


def create_person(
    *,
    actor: Person | None,
    username: str,
    email: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
    is_demo: bool = False,
    origin: str = "",
    validate: bool = True,
) -> Person:
    """Create an account. Platform administrators only (``actor=None``: the system, e.g. the CLI).

    The password is checked against the password rules (``validate=False``
    only for demo accounts); ``password=None`` creates an account that cannot
    log in with a password yet.
    """
    if actor is not None and not permissions.is_platform_admin(actor):
        with transaction.atomic():
            audit.record(actor=actor, action="person.create", result=audit.DENIED, origin=origin)
        raise PermissionDenied("Alleen platformbeheerders mogen accounts aanmaken.")
    person = Person(
        username=username.strip(),
        email=Person.objects.normalize_email(email.strip()),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        is_staff=is_staff or is_superuser,
        is_superuser=is_superuser,
        is_demo=is_demo,
    )
    person.full_clean(exclude=["password"])
    if Person.objects.filter(email__iexact=person.email).exists():
        raise ValidationError({"email": "Er bestaat al een account met dit e-mailadres."})
    if password is None:
        person.set_unusable_password()
    else:
        if validate:
            validate_password(password, user=person)
        person.set_password(password)
    with transaction.atomic():
        person.save()
        audit.record(
            actor=actor,
            action="person.create",
            result=audit.SUCCESS,
            object=person,
            origin=origin,
            detail={"is_staff": person.is_staff, "is_superuser": person.is_superuser, "is_demo": is_demo},
            actor_label=None if actor else "systeem",
        )
    return person


def set_password(person: Person, password: str, *, actor: Person | None, origin: str = "") -> None:
    """Set a new password (validated), by the person themselves or a platform administrator."""
    if actor is not None and actor.pk != person.pk and not permissions.is_platform_admin(actor):
        with transaction.atomic():
            audit.record(
                actor=actor, action="person.password", result=audit.DENIED, object=person, origin=origin
            )
        raise PermissionDenied("Je mag het wachtwoord van iemand anders niet wijzigen.")
    validate_password(password, user=person)
    person.set_password(password)
    with transaction.atomic():
        person.save(update_fields=["password"])
        audit.record(
            actor=actor,
            action="person.password",
            result=audit.SUCCESS,
            object=person,
            origin=origin,
            actor_label=None if actor else "systeem",
        )
