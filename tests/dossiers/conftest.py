"""A small dossier world: five organisations with different purposes and clearances, one family dossier.

* ``gemeente`` (wijkteam) — casusregisseur, purposes jeugdhulp + veiligheid, clearance 3;
* ``ggz`` — uitvoerder, purpose ggz, clearance 2;
* ``school`` — adviseur, purpose onderwijs, clearance 1;
* ``raad`` — Raad voor de Kinderbescherming, asked to join (not yet accepted);
* ``outsider`` — takes no part; its member is an administrator of that organisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from django.test import Client
from tests.core.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ProcessingActivityFactory,
)

from opgave.core.actors import Actor
from opgave.core.models import Membership, Organisation, Person, ProcessingActivity
from opgave.dossiers import services
from opgave.dossiers.models import Dossier, Entry

BSN_CHILD = "111222333"
BSN_PARENT = "123456782"
BSN_OTHER = "999999990"


@dataclass
class World:
    orgs: dict[str, Organisation]
    people: dict[str, Person]
    purposes: dict[str, ProcessingActivity]
    dossier: Dossier
    entries: dict[str, Entry] = field(default_factory=dict)

    def actor(self, key: str, org: str | None = None) -> Actor:
        return Actor.for_person(self.people[key], organisation=self.orgs[org or key], origin="test")

    def client(self, key: str, org: str | None = None) -> Client:
        client = Client()
        client.force_login(self.people[key])
        session = client.session
        session["active_organisation"] = self.orgs[org or key].pk
        session.save()
        return client


def _activity(
    code: str, controller: Organisation | None, legal: str, retention: str = "15 jaar"
) -> ProcessingActivity:
    return ProcessingActivityFactory(
        code=code, name=f"Doel {code}", legal_basis=legal, retention=retention, controller=controller
    )


@pytest.fixture
def world(db: None) -> World:
    return make_world()


def make_world() -> World:
    """Build the world (call inside a test with database access)."""
    orgs = {
        "gemeente": OrganisationFactory(name="Gemeente Teststad"),
        "ggz": OrganisationFactory(name="GGZ Test"),
        "school": OrganisationFactory(name="Basisschool De Test"),
        "raad": OrganisationFactory(name="Raad voor de Kinderbescherming (test)"),
        "outsider": OrganisationFactory(name="Buitenstaander"),
    }
    people = {}
    for key, organisation in orgs.items():
        person = PersonFactory(username=f"p-{key}", first_name=key.title(), last_name="Test")
        MembershipFactory(person=person, organisation=organisation, role=Membership.Role.ADMIN)
        people[key] = person
    purposes = {
        "jeugdhulp": _activity("t-jeugdhulp", None, "Jeugdwet art. 7.4.0"),
        "veiligheid": _activity("t-veiligheid", orgs["gemeente"], "Jeugdwet art. 7.4.4"),
        "ggz": _activity("t-ggz", orgs["ggz"], "WGBO / Wet verplichte ggz"),
        "onderwijs": _activity("t-onderwijs", orgs["school"], "Wet op het primair onderwijs"),
        "raad": _activity("t-raad", orgs["raad"], "BW 1:238"),
    }
    gem = Actor.for_person(people["gemeente"], organisation=orgs["gemeente"], origin="test")
    dossier = services.create_dossier(
        actor=gem,
        kind="gezin",
        title="Gezin Test",
        subjects=[
            services.SubjectInput(relation="kind", bsn=BSN_CHILD, name="Kees Kind"),
            services.SubjectInput(relation="ouder", bsn=BSN_PARENT, name="Olga Ouder"),
        ],
        role="casusregisseur",
        purposes=["t-jeugdhulp", "t-veiligheid"],
        clearance=3,
    )
    w = World(orgs=orgs, people=people, purposes=purposes, dossier=dossier)
    for key, role, codes, clearance in (
        ("ggz", "uitvoerder", ["t-ggz", "t-jeugdhulp"], 2),
        ("school", "adviseur", ["t-onderwijs", "t-jeugdhulp"], 1),
    ):
        part = services.request_participation(
            actor=w.actor(key), dossier=dossier, role=role, purposes=codes, clearance=clearance
        )
        services.decide_participation(actor=gem, participation=part, accept=True)
    services.request_participation(
        actor=w.actor("raad"), dossier=dossier, role="handhaver", purposes=["t-raad"]
    )
    specs: list[tuple[str, str, dict[str, Any]]] = [
        ("gemeente", "jeugd-normaal", {"kind": "notitie", "purpose": "t-jeugdhulp", "confidentiality": 1}),
        (
            "gemeente",
            "jeugd-vertrouwelijk",
            {"kind": "taxatie", "purpose": "t-jeugdhulp", "confidentiality": 2},
        ),
        (
            "gemeente",
            "veiligheid-strikt",
            {"kind": "signaal", "purpose": "t-veiligheid", "confidentiality": 3, "safety_level": 3},
        ),
        ("ggz", "ggz-vertrouwelijk", {"kind": "notitie", "purpose": "t-ggz", "confidentiality": 2}),
        ("school", "school-normaal", {"kind": "notitie", "purpose": "t-onderwijs", "confidentiality": 1}),
    ]
    for author, key, spec in specs:
        w.entries[key] = services.add_entry(
            actor=w.actor(author), dossier=dossier, title=f"geheim-{key}", body=f"inhoud-{key}", **spec
        )
    dossier.refresh_from_db()
    return w


# What each organisation may see (the access rule worked out by hand).
EXPECTED_VISIBLE = {
    "gemeente": {"jeugd-normaal", "jeugd-vertrouwelijk", "veiligheid-strikt"},
    "ggz": {"jeugd-normaal", "jeugd-vertrouwelijk", "ggz-vertrouwelijk"},
    "school": {"jeugd-normaal", "school-normaal"},
    "raad": set(),
    "outsider": set(),
}
