"""Fixtures for the simulation tests: the zorgtoeslag rule set (2024 and 2025) and three people."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from opgave.core.actors import Actor
from opgave.core.models import Membership, Organisation, OrganisationKind, Person
from opgave.rules import reference, services
from opgave.rules.models import RuleSet

SYSTEM = Actor.system(origin="test")


@dataclass
class World:
    toeslagen: Organisation
    arnhem: Organisation
    daan: Person  # Dienst Toeslagen (owner)
    sanne: Person  # Gemeente Arnhem
    loner: Person  # no membership
    zorg: RuleSet

    def actor(self, person: Person) -> Actor:
        return Actor.for_person(person, origin="test")


def zorgtoeslag(owner: Organisation, *, visibility: str = "openbaar", title: str | None = None) -> RuleSet:
    spec = reference.ZORGTOESLAG
    item = services.create_rule_set(
        actor=SYSTEM, owner=owner, title=title or spec["title"], description="", visibility=visibility
    )
    for version in spec["versions"]:
        added = services.add_version(
            item,
            actor=SYSTEM,
            dmn=version["file"].read_text(encoding="utf-8"),
            geldig_van=version["geldig_van"],
            geldig_tot=version.get("geldig_tot"),
        )
        services.publish_version(added, actor=SYSTEM)
    return item


def _person(username: str, org: Organisation | None) -> Person:
    person = Person.objects.create_user(
        username=username, email=f"{username}@example.nl", password="x-y-z-w-v"
    )
    if org is not None:
        Membership.objects.create(person=person, organisation=org)
    return person


@pytest.fixture
def world(db: Any) -> World:
    toeslagen = Organisation.objects.create(
        name="Dienst Toeslagen", kind=OrganisationKind.UITVOERINGSORGANISATIE
    )
    arnhem = Organisation.objects.create(name="Gemeente Arnhem", kind=OrganisationKind.GEMEENTE)
    return World(
        toeslagen,
        arnhem,
        _person("daan", toeslagen),
        _person("sanne", arnhem),
        _person("loner", None),
        zorgtoeslag(toeslagen),
    )
