"""Fixtures for the learning tests: two collaborations, their people, and an outsider."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from opgave.collaborations.models import Collaboration, Participation
from opgave.core.actors import Actor
from opgave.core.models import Membership, Organisation, OrganisationKind, Person

PASSWORD = "correct-horse-battery-staple"


def make_org(name: str, kind: str = OrganisationKind.GEMEENTE) -> Organisation:
    return Organisation.objects.create(name=name, kind=kind)


def make_person(username: str, *orgs: Organisation, admin: bool = False) -> Person:
    person = Person.objects.create_user(
        username=username, email=f"{username}@example.nl", password=PASSWORD, first_name=username.capitalize()
    )
    for org in orgs:
        Membership.objects.create(
            person=person, organisation=org, role=Membership.Role.ADMIN if admin else Membership.Role.MEMBER
        )
    return person


def make_collaboration(
    name: str,
    opgave: str,
    *,
    owners: list[Organisation],
    region: list[Organisation] | None = None,
    parties: list[Organisation] | None = None,
    is_national: bool = False,
) -> Collaboration:
    """A collaboration built directly (the landscape only reads public fields)."""
    item = Collaboration.objects.create(name=name, opgave=opgave, is_national=is_national)
    item.owners.set(owners)
    item.region.set(region or [])
    for org in parties or []:
        Participation.objects.create(collaboration=item, organisation=org, joined_at=timezone.now())
    return item


def act(person: Person | None) -> Actor:
    return Actor.for_person(person)


@dataclass
class World:
    arnhem: Organisation
    ede: Organisation
    outsider_org: Organisation
    anna: Person  # Arnhem, owner of "schulden"
    eddy: Person  # Ede, owner of "wonen"
    otto: Person  # outsider
    schulden: Collaboration
    wonen: Collaboration


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: Any) -> World:
    arnhem, ede, other = make_org("Gemeente Arnhem"), make_org("Gemeente Ede"), make_org("Gemeente Elders")
    anna, eddy, otto = (
        make_person("anna", arnhem, admin=True),
        make_person("eddy", ede),
        make_person("otto", other),
    )
    schulden = make_collaboration("Schulden", "Schulden samen aanpakken.", owners=[arnhem], region=[arnhem])
    wonen = make_collaboration("Wonen", "Betaalbare woningen.", owners=[ede], region=[ede])
    return World(arnhem, ede, other, anna, eddy, otto, schulden, wonen)
