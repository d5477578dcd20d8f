"""The dossier part of the demo: a family dossier with five organisations that each see a different
subset, a signal match between two organisations, and obligations of which one is overdue.

Everything is fictional: the family, the school, the GGZ provider and every BSN (numbers from the
999 99x xxx range that pass the elfproef but are not issued). The public bodies are real names.
Created through the services; :func:`load` is idempotent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from opgave.core.actors import Actor
from opgave.core.demo import DEMO, DEMO_PASSWORD
from opgave.core.demo_loader import DemoContext
from opgave.core.models import Membership, Organisation, OrganisationKind, Person, ProcessingActivity
from opgave.core.services import memberships, organisations, people
from opgave.dossiers import services
from opgave.dossiers.models import Dossier, Participation, Signal

TITLE = "Gezin Presikhaaf 7 (demo)"
CHILD_BSN, MOTHER_BSN, FATHER_BSN = "999990007", "999990019", "999990020"


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    kind: str
    parent: str = ""


ORGANISATIONS = (
    OrgSpec("veilig-thuis", "Veilig Thuis Gelderland-Midden", OrganisationKind.MAATSCHAPPELIJK),
    OrgSpec("raad", "Raad voor de Kinderbescherming", OrganisationKind.UITVOERINGSORGANISATIE, parent="jenv"),
    OrgSpec("ggz", "GGZ Rijnstreek (fictief)", OrganisationKind.MAATSCHAPPELIJK),
    OrgSpec("school", "Basisschool De Regenboog (fictief)", OrganisationKind.MAATSCHAPPELIJK),
)

PEOPLE = (
    ("fatima", "Fatima", "Bakker", "veilig-thuis", "Aandachtsfunctionaris"),
    ("ruud", "Ruud", "Hendriks", "raad", "Raadsonderzoeker"),
    ("yara", "Yara", "de Boer", "ggz", "Behandelaar jeugd-ggz"),
    ("ilse", "Ilse", "Kok", "school", "Intern begeleider"),
)

ACTIVITIES = (
    ("jeugdhulp-gezin", "Jeugdhulp aan het gezin", "Jeugdwet art. 7.4.0 en 7.4.4", None, "15 jaar"),
    (
        "wijkteam-veiligheid",
        "Veiligheid in het gezin bewaken",
        "Jeugdwet art. 7.4.4, lid 2",
        "arnhem",
        "15 jaar",
    ),
    (
        "veilig-thuis-onderzoek",
        "Onderzoek na een melding",
        "Wmo 2015 art. 4.1.1 en 5.2.6",
        "veilig-thuis",
        "20 jaar",
    ),
    ("ggz-behandeling", "Behandeling jeugd-ggz", "WGBO (BW 7:457) met toestemming", "ggz", "20 jaar"),
    ("school-zorg", "Zorg op school", "Wet op het primair onderwijs art. 8", "school", "2 jaar"),
    (
        "raad-onderzoek",
        "Raadsonderzoek kinderbescherming",
        "BW 1:238 en Jeugdwet art. 2.4",
        "raad",
        "20 jaar",
    ),
    (
        "wonen-achterstand",
        "Huurachterstand en woonoverlast",
        "Wet gemeentelijke schuldhulpverlening art. 3a",
        "vivare",
        "2 jaar",
    ),
)


def _organisations(context: DemoContext) -> None:
    for spec in ORGANISATIONS:
        existing = Organisation.objects.filter(name=spec.name).first()
        parent = context.organisations.get(spec.parent) if spec.parent else None
        context.organisations[spec.key] = existing or organisations.create_organisation(
            actor=DEMO, name=spec.name, kind=spec.kind, parent=parent
        )


def _people(context: DemoContext) -> None:
    for username, first, last, org_key, title in PEOPLE:
        person = Person.objects.filter(username=username).first()
        if person is None:
            person = people.create_person(
                actor=DEMO,
                username=username,
                email=f"{username}@demo.opgave.example",
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                is_demo=True,
                validate=False,
            )
        organisation = context.organisations[org_key]
        if not Membership.objects.filter(person=person, organisation=organisation).exists():
            memberships.add_membership(
                actor=DEMO,
                person=person,
                organisation=organisation,
                role=Membership.Role.MEMBER,
                job_title=title,
            )
        context.people[username] = person
        context.account(username, person.get_full_name(), DEMO_PASSWORD)


def _activities(context: DemoContext) -> None:
    for code, name, legal, controller, retention in ACTIVITIES:
        ProcessingActivity.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "purpose": name,
                "legal_basis": legal,
                "retention": retention,
                "data_categories": [
                    "identificatiegegevens",
                    "gezinssituatie",
                    "gezondheid" if "ggz" in code else "zorgen",
                ],
                "controller": context.organisations[controller] if controller else None,
            },
        )


def _as(context: DemoContext, username: str, org_key: str) -> Actor:
    return Actor.for_person(
        context.people[username], organisation=context.organisations[org_key], origin="demo"
    )


def _family(context: DemoContext) -> None:
    if Dossier.objects.filter(title=TITLE).exists():
        return
    now = timezone.now()
    arnhem = _as(context, "sanne", "arnhem")
    dossier = services.create_dossier(
        actor=arnhem,
        kind="gezin",
        title=TITLE,
        subjects=[
            services.SubjectInput(
                relation="kind", bsn=CHILD_BSN, name="Noa Jansen", birth_date=dt.date(2015, 3, 9)
            ),
            services.SubjectInput(
                relation="ouder", bsn=MOTHER_BSN, name="Mirjam Jansen", birth_date=dt.date(1987, 7, 1)
            ),
            services.SubjectInput(
                relation="ouder", bsn=FATHER_BSN, name="Erik Jansen", birth_date=dt.date(1985, 11, 23)
            ),
        ],
        role="casusregisseur",
        purposes=["jeugdhulp-gezin", "wijkteam-veiligheid"],
        clearance=3,
    )
    joins = (
        ("fatima", "veilig-thuis", "uitvoerder", ["veilig-thuis-onderzoek", "jeugdhulp-gezin"], 3),
        ("yara", "ggz", "uitvoerder", ["ggz-behandeling"], 2),
        ("ilse", "school", "adviseur", ["school-zorg", "jeugdhulp-gezin"], 1),
        ("ruud", "raad", "handhaver", ["raad-onderzoek"], 2),
    )
    for username, org, role, purposes, clearance in joins:
        part = services.request_participation(
            actor=_as(context, username, org),
            dossier=dossier,
            role=role,
            purposes=purposes,
            clearance=clearance,
        )
        services.decide_participation(actor=arnhem, participation=part, accept=True)
    entries = (
        (
            "sanne",
            "arnhem",
            40,
            "notitie",
            "Kennismaking met het gezin",
            "Moeder vraagt hulp bij opvoeding en geldzaken; vader werkt in ploegendienst.",
            "jeugdhulp-gezin",
            1,
            None,
        ),
        (
            "ilse",
            "school",
            30,
            "notitie",
            "Verzuim neemt toe",
            "Noa was deze maand zes dagen afwezig zonder afmelding.",
            "school-zorg",
            1,
            None,
        ),
        (
            "yara",
            "ggz",
            25,
            "taxatie",
            "Intake jeugd-ggz",
            "Aanmelding voor onderzoek naar angstklachten; wachttijd drie weken.",
            "ggz-behandeling",
            2,
            None,
        ),
        (
            "sanne",
            "arnhem",
            20,
            "besluit",
            "Indicatie ambulante gezinsbegeleiding",
            "Zes maanden, twee keer per week.",
            "jeugdhulp-gezin",
            1,
            None,
        ),
        (
            "fatima",
            "veilig-thuis",
            12,
            "signaal",
            "Melding huiselijk geweld",
            "Buren meldden een hoog oplopende ruzie; politie ter plaatse geweest.",
            "veilig-thuis-onderzoek",
            3,
            3,
        ),
        (
            "fatima",
            "veilig-thuis",
            10,
            "taxatie",
            "Veiligheidstaxatie",
            "Acute onveiligheid voor moeder; kind verblijft tijdelijk bij oma.",
            "veilig-thuis-onderzoek",
            3,
            None,
        ),
        (
            "sanne",
            "arnhem",
            8,
            "notitie",
            "Afspraken met oma",
            "Oma vangt Noa op tot de veiligheidsafspraken rond zijn.",
            "wijkteam-veiligheid",
            2,
            None,
        ),
        (
            "ilse",
            "school",
            5,
            "notitie",
            "Gesprek met moeder",
            "Moeder vraagt de school om extra begeleiding in de klas.",
            "jeugdhulp-gezin",
            1,
            None,
        ),
    )
    for username, org, days_ago, kind, title, body, purpose, level, safety in entries:
        services.add_entry(
            actor=_as(context, username, org),
            dossier=dossier,
            kind=kind,
            title=title,
            body=body,
            purpose=purpose,
            confidentiality=level,
            safety_level=safety,
            created_at=now - dt.timedelta(days=days_ago),
        )
    goal = services.add_item(
        actor=arnhem,
        dossier=dossier,
        section="doel",
        text="Noa woont veilig thuis en gaat elke dag naar school.",
    )
    services.add_item(
        actor=arnhem, dossier=dossier, section="kracht", text="Oma is betrokken en woont dichtbij."
    )
    services.add_item(
        actor=arnhem, dossier=dossier, section="zorg", text="Spanningen tussen de ouders lopen hoog op."
    )
    today = timezone.localdate()
    actions = (
        ("Veiligheidsplan met beide ouders opstellen", "veilig-thuis", today + dt.timedelta(days=7)),
        ("Verzuimgesprek met leerplicht plannen", "school", today - dt.timedelta(days=3)),
        ("Onderzoek angstklachten starten", "ggz", today + dt.timedelta(days=21)),
    )
    for text, org, deadline in actions:
        services.add_item(
            actor=arnhem,
            dossier=dossier,
            section="actie",
            text=text,
            owner=context.organisations[org],
            deadline=deadline,
            goal=goal,
        )
    # The family is about to move to Ede: that municipality asks to join; the regisseur has not decided yet.
    services.request_participation(
        actor=_as(context, "eva", "ede"), dossier=dossier, role="uitvoerder", purposes=["jeugdhulp-gezin"]
    )
    services.add_entry(
        actor=arnhem,
        dossier=dossier,
        kind="document",
        title="Verslag van het netwerkoverleg",
        purpose="jeugdhulp-gezin",
        document=(
            b"Netwerkoverleg gezin Presikhaaf 7\n\nAanwezig: wijkteam, school, Veilig Thuis.\n"
            b"Afspraak: veiligheidsplan binnen twee weken.\n"
        ),
        document_name="netwerkoverleg.txt",
        created_at=now - dt.timedelta(days=4),
    )


def _signals(context: DemoContext) -> None:
    if Signal.objects.filter(organisation=context.organisations["vivare"]).exists():
        return
    # The housing corporation worries about the mother; the municipality (in her family's dossier)
    # signalled her too: both hear of each other, and Vivare may ask to join that dossier.
    services.register_signal(actor=_as(context, "sanne", "arnhem"), bsn=MOTHER_BSN, purpose="jeugdhulp-gezin")
    services.register_signal(
        actor=_as(context, "lotte", "vivare"), bsn=MOTHER_BSN, purpose="wonen-achterstand"
    )


def load(context: DemoContext) -> None:
    _organisations(context)
    _people(context)
    _activities(context)
    _family(context)
    _signals(context)
    context.step("Gemeenschappelijk dossier en signalen")


def reset(context: DemoContext) -> None:
    names = [spec.name for spec in ORGANISATIONS]
    demo_orgs = list(Organisation.objects.filter(name__in=names)) + list(
        Organisation.objects.filter(name__in=["Gemeente Arnhem", "Vivare"])
    )
    Signal.objects.filter(organisation__in=demo_orgs).delete()
    for dossier in Dossier.objects.filter(title=TITLE):
        Participation.objects.filter(dossier=dossier).delete()
        dossier.delete()
    ProcessingActivity.objects.filter(code__in=[a[0] for a in ACTIVITIES]).delete()
    Person.objects.filter(username__in=[p[0] for p in PEOPLE], is_demo=True).delete()
    Organisation.objects.filter(name__in=names).delete()
