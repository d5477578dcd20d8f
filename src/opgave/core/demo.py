"""The core's part of the demo scenario: real Dutch public bodies (facts), fictional people.

Identifiers are only filled in where they are certain: the CBS codes of the
municipalities and the province; OINs are left empty rather than guessed.
Every demo account has :data:`DEMO_PASSWORD` and ``is_demo=True``; demo data
only exists in demo mode (``OPGAVE_DEMO=true``). :func:`load` is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass

from opgave.core.actors import Actor
from opgave.core.demo_loader import DemoContext
from opgave.core.models import Membership, Organisation, OrganisationKind, Person, ProcessingActivity
from opgave.core.services import memberships, organisations, people

DEMO_PASSWORD = "samen-werken-demo"  # noqa: S105 - printed on purpose, demo mode only
K = OrganisationKind


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    kind: str
    cbs_code: str = ""
    parent: str = ""


ORGANISATIONS: tuple[OrgSpec, ...] = (
    OrgSpec("szw", "Ministerie van Sociale Zaken en Werkgelegenheid", K.RIJK),
    OrgSpec("bzk", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", K.RIJK),
    OrgSpec("fin", "Ministerie van Financiën", K.RIJK),
    OrgSpec("jenv", "Ministerie van Justitie en Veiligheid", K.RIJK),
    OrgSpec("gelderland", "Provincie Gelderland", K.PROVINCIE, cbs_code="PV25"),
    OrgSpec("arnhem", "Gemeente Arnhem", K.GEMEENTE, cbs_code="GM0202"),
    OrgSpec("nijmegen", "Gemeente Nijmegen", K.GEMEENTE, cbs_code="GM0268"),
    OrgSpec("ede", "Gemeente Ede", K.GEMEENTE, cbs_code="GM0228"),
    OrgSpec("rijn-ijssel", "Waterschap Rijn en IJssel", K.WATERSCHAP),
    OrgSpec("uwv", "UWV", K.UITVOERINGSORGANISATIE, parent="szw"),
    OrgSpec("svb", "Sociale Verzekeringsbank (SVB)", K.UITVOERINGSORGANISATIE, parent="szw"),
    OrgSpec("cjib", "Centraal Justitieel Incassobureau (CJIB)", K.UITVOERINGSORGANISATIE, parent="jenv"),
    OrgSpec("belastingdienst", "Belastingdienst", K.UITVOERINGSORGANISATIE, parent="fin"),
    OrgSpec("vng", "Vereniging van Nederlandse Gemeenten (VNG)", K.KOEPEL),
    OrgSpec("ipo", "Interprovinciaal Overleg (IPO)", K.KOEPEL),
    OrgSpec("uvw", "Unie van Waterschappen", K.KOEPEL),
    OrgSpec("vivare", "Vivare", K.MAATSCHAPPELIJK),
    OrgSpec("samen-rond", "Bewonersinitiatief Samen Rond (fictief)", K.BURGERINITIATIEF),
)


@dataclass(frozen=True)
class PersonSpec:
    username: str
    first_name: str
    last_name: str
    memberships: tuple[tuple[str, str, str], ...]  # (organisation key, role, job title)
    platform_admin: bool = False


A, L = Membership.Role.ADMIN, Membership.Role.MEMBER
PEOPLE: tuple[PersonSpec, ...] = (
    PersonSpec("beheer", "Bram", "Hoekstra", (("bzk", L, "Platformbeheerder"),), platform_admin=True),
    PersonSpec(
        "sanne",
        "Sanne",
        "de Vries",
        (
            ("arnhem", A, "Programmamanager schulden en armoede"),
            ("nijmegen", L, "Regionaal coördinator vroegsignalering"),
            ("gelderland", L, "Deelnemer Gelders Schuldenakkoord"),
        ),
    ),
    PersonSpec("amira", "Amira", "El Idrissi", (("szw", A, "Beleidsmedewerker armoede en schulden"),)),
    PersonSpec("joris", "Joris", "Jansen", (("uwv", L, "Adviseur ketensamenwerking"),)),
    PersonSpec(
        "eva", "Eva", "Mulder", (("ede", A, "Teamleider sociaal domein"), ("vng", L, "Lid expertgroep"))
    ),
    PersonSpec("pieter", "Pieter", "van Dijk", (("rijn-ijssel", L, "Adviseur klimaatadaptatie"),)),
    PersonSpec("lotte", "Lotte", "Visser", (("vivare", L, "Wijkconsulent"),)),
    PersonSpec("noah", "Noah", "Smit", (("samen-rond", A, "Initiatiefnemer"),)),
)

ACTIVITIES = (
    {
        "code": "schuldhulp-vroegsignalering",
        "name": "Vroegsignalering van betalingsachterstanden",
        "purpose": "Inwoners met beginnende betalingsachterstanden vroeg hulp aanbieden.",
        "legal_basis": "Wet gemeentelijke schuldhulpverlening, artikel 3a",
        "data_categories": ["identificatiegegevens", "betalingsachterstanden", "contactgegevens"],
        "retention": "Gegevens zonder vervolg na 12 maanden vernietigen",
        "controller": "arnhem",
    },
)


DEMO = Actor.system(origin="demo")


def _organisations(context: DemoContext) -> None:
    for spec in ORGANISATIONS:
        existing = Organisation.objects.filter(name=spec.name).first()
        parent = context.organisations.get(spec.parent) if spec.parent else None
        context.organisations[spec.key] = existing or organisations.create_organisation(
            actor=DEMO, name=spec.name, kind=spec.kind, cbs_code=spec.cbs_code, parent=parent
        )
        context.step(spec.name)


def _people(context: DemoContext) -> None:
    for spec in PEOPLE:
        person = Person.objects.filter(username=spec.username).first()
        if person is None:
            person = people.create_person(
                actor=DEMO,
                username=spec.username,
                email=f"{spec.username}@demo.opgave.example",
                password=DEMO_PASSWORD,
                first_name=spec.first_name,
                last_name=spec.last_name,
                is_staff=spec.platform_admin,
                is_superuser=spec.platform_admin,
                is_demo=True,
                validate=False,
            )
        context.people[spec.username] = person
        for key, role, job_title in spec.memberships:
            organisation = context.organisations[key]
            if not Membership.objects.filter(person=person, organisation=organisation).exists():
                memberships.add_membership(
                    actor=DEMO,
                    person=person,
                    organisation=organisation,
                    role=role,
                    job_title=job_title,
                )
        context.account(spec.username, person.get_full_name(), DEMO_PASSWORD)
        context.step(person.get_full_name())


def account_summaries() -> list[dict[str, str]]:
    """The demo accounts with what each one is for: ``username``, ``name`` and ``roles`` ("Functie,
    Organisatie (rol)" per membership). Shown on the login page and printed by ``opgave demo load``."""
    people = Person.objects.filter(is_demo=True, is_active=True).order_by("username")
    rows = []
    for person in people.prefetch_related("memberships__organisation"):
        roles = "; ".join(
            f"{m.job_title}, {m.organisation.name} ({m.get_role_display().lower()})"
            if m.job_title
            else f"{m.organisation.name} ({m.get_role_display().lower()})"
            for m in sorted(person.memberships.all(), key=lambda m: m.organisation.name)
        )
        if person.is_superuser:
            roles = f"{roles}; platformbeheerder" if roles else "platformbeheerder"
        rows.append({"username": person.username, "name": person.get_full_name(), "roles": roles})
    return rows


def _activities(context: DemoContext) -> None:
    for activity in ACTIVITIES:
        fields = {k: v for k, v in activity.items() if k not in {"code", "controller"}}
        ProcessingActivity.objects.update_or_create(
            code=activity["code"],
            defaults={**fields, "controller": context.organisations[str(activity["controller"])]},
        )


def load(context: DemoContext) -> None:
    """Create (or find) the demo organisations, people, memberships and register entries."""
    _organisations(context)
    _people(context)
    _activities(context)


def reset(context: DemoContext) -> None:
    """Remove the core demo data (demo people, the demo organisations and their register entries)."""
    names = [spec.name for spec in ORGANISATIONS]
    Person.objects.filter(is_demo=True).delete()
    ProcessingActivity.objects.filter(code__in=[a["code"] for a in ACTIVITIES]).delete()
    # children before parents (PROTECT on parent)
    Organisation.objects.filter(name__in=names, parent__isnull=False).delete()
    Organisation.objects.filter(name__in=names).delete()
