"""Fixtures for the collaborations tests: organisations and people built through the ORM."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from tests.core.factories import act

from opgave.collaborations import services
from opgave.collaborations.models import Collaboration
from opgave.core.models import Membership, Organisation, OrganisationKind, Person

PASSWORD = "correct-horse-battery-staple"


def make_org(name: str, kind: str = OrganisationKind.GEMEENTE) -> Organisation:
    return Organisation.objects.create(name=name, kind=kind)


def make_person(username: str, *orgs: Organisation) -> Person:
    person = Person.objects.create_user(
        username=username, email=f"{username}@example.nl", password=PASSWORD, first_name=username.capitalize()
    )
    for org in orgs:
        Membership.objects.create(person=person, organisation=org)
    return person


@dataclass
class World:
    utrecht: Organisation
    zeist: Organisation
    provincie: Organisation
    ministerie: Organisation
    outsider_org: Organisation
    anna: Person  # Utrecht (owner)
    bram: Person  # Zeist (party)
    carla: Person  # Provincie (party)
    otto: Person  # outsider
    collaboration: Collaboration


def party(org: Organisation, role: str = "uitvoerder", contact: Person | None = None) -> dict[str, Any]:
    return {
        "organisation": str(org.uuid),
        "organisation_name": org.name,
        "role": role,
        "contact_person": str(contact.uuid) if contact else "",
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is deliberately slow; these tests never log in with a password."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: Any) -> World:
    utrecht = make_org("Gemeente Utrecht")
    zeist = make_org("Gemeente Zeist")
    provincie = make_org("Provincie Utrecht", OrganisationKind.PROVINCIE)
    ministerie = make_org("Ministerie van SZW", OrganisationKind.RIJK)
    outsider_org = make_org("Gemeente Elders")
    anna = make_person("anna", utrecht)
    bram = make_person("bram", zeist)
    carla = make_person("carla", provincie)
    otto = make_person("otto", outsider_org)
    item = services.create_collaboration(
        name="Schuldenaanpak Utrecht",
        opgave="Problematische schulden samen voorkomen.",
        owners=[utrecht],
        region=[utrecht, zeist, provincie],
        actor=act(anna),
    )
    item = services.save_draft(
        item,
        expected_revision=item.revision,
        step=2,
        data={
            "parties": [
                party(utrecht, "regisseur", anna),
                party(zeist, contact=bram),
                party(provincie, "financier", carla),
            ]
        },
        actor=act(anna),
    )
    services.agree_version(item, expected_revision=item.revision, actor=act(anna))
    item.refresh_from_db()
    return World(utrecht, zeist, provincie, ministerie, outsider_org, anna, bram, carla, otto, item)
