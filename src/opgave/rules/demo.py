"""The rules pillar's part of the demo: the two reference rule sets with versions and variants.

Zorgtoeslag (2024 and 2025) is owned by Dienst Toeslagen (added here: the core demo has no such
organisation), with a demo account ``daan``; the individuele inkomenstoeslag is owned by the
Ministry of SZW, with variants of Arnhem, Nijmegen and Ede. Idempotent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from opgave.core.actors import Actor
from opgave.core.demo_loader import DemoContext
from opgave.core.models import Membership, Organisation, OrganisationKind, Person
from opgave.core.services import memberships, organisations, people
from opgave.rules import reference, services
from opgave.rules.models import RuleSet

TOESLAGEN = "Dienst Toeslagen"
SYSTEM = Actor.system(origin="demo")


def _toeslagen(context: DemoContext) -> Organisation:
    found = Organisation.objects.filter(name=TOESLAGEN).first()
    if found is None:
        found = organisations.create_organisation(
            actor=SYSTEM,
            name=TOESLAGEN,
            kind=OrganisationKind.UITVOERINGSORGANISATIE,
            parent=context.organisations.get("fin"),
        )
    context.organisations["toeslagen"] = found
    person = Person.objects.filter(username="daan").first()
    if person is None:
        from opgave.core.demo import DEMO_PASSWORD

        person = people.create_person(
            actor=SYSTEM,
            username="daan",
            email="daan@demo.opgave.example",
            password=DEMO_PASSWORD,
            first_name="Daan",
            last_name="Bakker",
            is_demo=True,
            validate=False,
        )
        memberships.add_membership(
            actor=SYSTEM,
            person=person,
            organisation=found,
            role=Membership.Role.ADMIN,
            job_title="Regelanalist zorgtoeslag",
        )
        context.account("daan", person.get_full_name(), DEMO_PASSWORD)
    context.people["daan"] = person
    return found


def _publish(rule_set: RuleSet, spec: dict[str, Any], refs: list[dict[str, str]]) -> None:
    version = services.add_version(
        rule_set,
        actor=SYSTEM,
        dmn=spec["file"].read_text(encoding="utf-8"),
        geldig_van=spec["geldig_van"],
        geldig_tot=spec.get("geldig_tot"),
        note=spec.get("note", ""),
        law_references=refs,
    )
    services.publish_version(version, actor=SYSTEM)


def load(context: DemoContext) -> None:
    owner = _toeslagen(context)
    spec = reference.ZORGTOESLAG
    if not RuleSet.objects.filter(title=spec["title"], owner=owner).exists():
        zorg = services.create_rule_set(
            actor=SYSTEM,
            owner=owner,
            title=spec["title"],
            description=spec["description"],
            visibility=spec["visibility"],
            law_references=spec["law_references"],
        )
        for item in spec["versions"]:
            _publish(
                zorg,
                {**item, "note": f"Bedragen en percentages {item['year']}."},
                reference.zorgtoeslag_version_refs(item["year"]),
            )
        context.step("Regelset Zorgtoeslag (2024, 2025)")
    spec = reference.INKOMENSTOESLAG
    szw = context.organisations["szw"]
    if not RuleSet.objects.filter(title=spec["title"], owner=szw).exists():
        iit = services.create_rule_set(
            actor=SYSTEM,
            owner=szw,
            title=spec["title"],
            description=spec["description"],
            visibility=spec["visibility"],
            law_references=spec["law_references"],
        )
        for term in spec["open_terms"]:
            services.declare_open_term(iit, actor=SYSTEM, **term, **spec["open_term_law"])
        _publish(
            iit,
            {"file": spec["file"], "geldig_van": spec["geldig_van"], "note": "Landelijk kader."},
            spec["version_refs"],
        )
        for variant in spec["variants"]:
            organisation = context.organisations[variant["organisation"]]
            title, url = reference.regulation(organisation.name)
            services.publish_variant(
                iit,
                actor=SYSTEM,
                organisation=organisation,
                values=variant["values"],
                geldig_van=spec["geldig_van"],
                regulation_title=title,
                regulation_url=url,
                title=f"Individuele inkomenstoeslag {organisation.name}",
            )
        # A concept next to the published version, so the demo shows the publish step too.
        services.add_version(
            iit,
            actor=SYSTEM,
            dmn=spec["file"].read_text(encoding="utf-8"),
            geldig_van=dt.date(2027, 1, 1),
            note="Concept voor 2027: nog niet vastgesteld.",
        )
        context.step("Regelset Individuele inkomenstoeslag met drie gemeentelijke varianten")


def reset(context: DemoContext) -> None:
    RuleSet.objects.filter(
        title__in=[reference.ZORGTOESLAG["title"], reference.INKOMENSTOESLAG["title"]]
    ).delete()
    Person.objects.filter(username="daan", is_demo=True).delete()
    Organisation.objects.filter(name=TOESLAGEN).delete()
