"""Create people and change their passwords (audited, in one transaction)."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from opgave.core import permissions
from opgave.core.actors import Actor
from opgave.core.exceptions import ValidationError
from opgave.core.models import Person
from opgave.core.services import audit


def create_person(
    *,
    actor: Actor,
    username: str,
    email: str,
    password: str | None,
    first_name: str = "",
    last_name: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
    is_demo: bool = False,
    validate: bool = True,
) -> Person:
    """Create an account. Platform administrators and the system (the CLI) only.

    The password is checked against the password rules (``validate=False``
    only for demo accounts); ``password=None`` creates an account that cannot
    log in with a password yet.
    """
    if not permissions.may_create_person(actor):
        raise audit.refuse(actor, "person.create", "Alleen platformbeheerders mogen accounts aanmaken.")
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
            detail={"is_staff": person.is_staff, "is_superuser": person.is_superuser, "is_demo": is_demo},
        )
    return person


def set_password(person: Person, password: str, *, actor: Actor) -> None:
    """Set a new password (validated), by the person themselves or a platform administrator."""
    if not permissions.may_set_password(actor, person):
        raise audit.refuse(
            actor, "person.password", "Je mag het wachtwoord van iemand anders niet wijzigen.", object=person
        )
    validate_password(password, user=person)
    person.set_password(password)
    with transaction.atomic():
        person.save(update_fields=["password"])
        audit.record(
            actor=actor,
            action="person.password",
            result=audit.SUCCESS,
            object=person,
        )
