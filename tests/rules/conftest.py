"""Fixtures for the rules tests: organisations, people and actors, a rule set factory and the
shipped zorgtoeslag reference rule set."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from opgave.core.actors import Actor
from opgave.core.models import Membership, Organisation, OrganisationKind, Person
from opgave.rules import services
from opgave.rules.models import RuleSet
from opgave.rules.reference import ZORGTOESLAG, zorgtoeslag_version_refs

from .dmn_text import times_model

D = dt.date


@dataclass
class World:
    ministerie: Organisation
    arnhem: Organisation
    ede: Organisation
    amira: Person  # ministerie (owner)
    sanne: Person  # Arnhem
    otto: Person  # Ede

    def actor(self, person: Person) -> Actor:
        return Actor.for_person(person, origin="test")


def _person(username: str, org: Organisation) -> Person:
    person = Person.objects.create_user(
        username=username, email=f"{username}@example.nl", password="x-y-z-w-v"
    )
    Membership.objects.create(person=person, organisation=org)
    return person


@pytest.fixture
def world(db: Any) -> World:
    ministerie = Organisation.objects.create(name="Ministerie", kind=OrganisationKind.RIJK)
    arnhem = Organisation.objects.create(name="Gemeente Arnhem", kind=OrganisationKind.GEMEENTE)
    ede = Organisation.objects.create(name="Gemeente Ede", kind=OrganisationKind.GEMEENTE)
    return World(
        ministerie, arnhem, ede, _person("amira", ministerie), _person("sanne", arnhem), _person("otto", ede)
    )


SYSTEM = Actor.system(origin="test")


def rule_set(
    owner: Organisation,
    *,
    title: str = "Vermenigvuldiging",
    visibility: str = "openbaar",
    periods: tuple[tuple[dt.date, dt.date | None], ...] = ((D(2024, 1, 1), D(2024, 12, 31)),),
    factor_term: bool = True,
    model: str | None = None,
) -> RuleSet:
    """A rule set with the open term ``factor`` ([1..10], default 2) and one published version per period."""
    item = services.create_rule_set(actor=SYSTEM, owner=owner, title=title, visibility=visibility)
    if factor_term:
        services.declare_open_term(
            item,
            actor=SYSTEM,
            name="factor",
            label="Factor",
            minimum=1,
            maximum=10,
            default=2,
            law_title="Testwet",
            law_article="8",
            law_url="https://wetten.overheid.nl/BWBR0015703",
        )
    for start, end in periods:
        version = services.add_version(
            item, actor=SYSTEM, dmn=model or times_model(), geldig_van=start, geldig_tot=end
        )
        services.publish_version(version, actor=SYSTEM)
    return item


@pytest.fixture
def zorgtoeslag(world: World) -> RuleSet:
    """The reference zorgtoeslag (2024 and 2025), published by the ministerie, with its law references."""
    item = services.create_rule_set(
        actor=SYSTEM, owner=world.ministerie, title="Zorgtoeslag", visibility="openbaar"
    )
    for spec in ZORGTOESLAG["versions"]:
        version = services.add_version(
            item,
            actor=SYSTEM,
            dmn=spec["file"].read_text(),
            geldig_van=spec["geldig_van"],
            geldig_tot=spec["geldig_tot"],
            law_references=zorgtoeslag_version_refs(spec["year"]),
        )
        services.publish_version(version, actor=SYSTEM)
    return item
