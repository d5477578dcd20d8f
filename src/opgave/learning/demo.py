"""The learning pillar's part of the demo scenario (idempotent ``load``, and ``reset``).

* lessons of all three orders from the demo collaborations (the collaborations demo records a
  few; here they get a design element, tags and a visibility, and more are added);
* a registry of more than thirty collaborations, several overlapping (:mod:`.demo_registry`),
  made through the collaboration services;
* a knowledge circle with meetings, a thread and a pending membership request;
* the IND–SVB twinning of 2005–2008 (botsproef board meetings, small proposals, frictions,
  evaluations ending in a recorded, normal end) and a new, active IND–SVB twinning where the
  demo accounts ``ilse`` (IND, beheerder) and ``sven`` (SVB) submit and decide proposals;
* organisation profiles for partner suggestions; the overlaps computed once.
"""

from __future__ import annotations

import inspect
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from opgave.collaborations import services as collaboration_services
from opgave.collaborations.models import Collaboration, Lesson, Programme
from opgave.core.actors import Actor
from opgave.core.demo import DEMO_PASSWORD
from opgave.core.demo_loader import DemoContext
from opgave.core.models import Membership, Organisation, Person
from opgave.core.services import memberships, organisations, people
from opgave.learning import services
from opgave.learning.demo_registry import EXTRA_ORGANISATIONS, REGISTRY
from opgave.learning.models import (
    Evaluation,
    KnowledgeCircle,
    OrganisationProfile,
    Twinning,
    TwinningProposal,
)

SYSTEM = Actor.system(origin="demo")
HISTORIC = "IND en SVB leren van elkaar (2005–2008)"
CURRENT = "IND en SVB: klantcontact en tijdigheid"
CIRCLE = "Kenniskring vroegsignalering schulden"
PROGRAMME = "Regionale opgaven in het landschap (demo)"
ACCOUNTS = (
    ("ilse", "Ilse", "Bakker", "ind", Membership.Role.ADMIN, "Programmaleider twinning"),
    ("sven", "Sven", "de Boer", "svb", Membership.Role.MEMBER, "Teamleider klantcontact"),
)
PROFILES = {
    "ind": (
        ["aanvragen beoordelen", "vergunningen verlenen", "bezwaren behandelen"],
        ["juridische kwaliteit"],
        ["tijdigheid", "klachtmanagement"],
    ),
    "svb": (
        ["aanspraken beoordelen", "uitkeringen verstrekken", "bezwaren behandelen"],
        ["tijdigheid", "klachtmanagement"],
        ["juridische kwaliteit"],
    ),
    "uwv": (
        ["aanspraken beoordelen", "uitkeringen verstrekken", "re-integratie"],
        ["ketensamenwerking"],
        ["tijdigheid"],
    ),
    "cjib": (["boetes innen", "betalingsregelingen treffen"], ["tijdigheid"], ["maatwerk"]),
    "belastingdienst": (
        ["aanslagen opleggen", "toeslagen verstrekken", "aanspraken beoordelen"],
        ["gegevensbeheer"],
        ["klachtmanagement", "maatwerk"],
    ),
}


def _call(function: Any, person: Person, *args: Any, **kwargs: Any) -> Any:
    """Call a collaboration service as ``person`` whether it takes the actor positionally or as
    the keyword-only ``actor: Actor`` (the collaborations app is moving to the latter)."""
    parameter = inspect.signature(function).parameters.get("actor")
    if parameter is not None and parameter.kind is inspect.Parameter.KEYWORD_ONLY:
        return function(*args, actor=Actor.for_person(person, origin="demo"), **kwargs)
    return function(person, *args, **kwargs)


def _organisations(context: DemoContext) -> dict[str, Organisation]:
    orgs = dict(context.organisations)
    for key, name, kind, cbs in EXTRA_ORGANISATIONS:
        found = Organisation.objects.filter(name=name).first()
        orgs[key] = found or organisations.create_organisation(
            actor=SYSTEM, name=name, kind=kind, cbs_code=cbs
        )
    context.organisations.update(orgs)
    return orgs


def _accounts(context: DemoContext, orgs: dict[str, Organisation]) -> None:
    for username, first, last, org, role, job in ACCOUNTS:
        person = Person.objects.filter(username=username).first() or people.create_person(
            actor=SYSTEM,
            username=username,
            email=f"{username}@demo.opgave.example",
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            is_demo=True,
            validate=False,
        )
        if not Membership.objects.filter(person=person, organisation=orgs[org]).exists():
            memberships.add_membership(
                actor=SYSTEM, person=person, organisation=orgs[org], role=role, job_title=job
            )
        context.people[username] = person
        context.account(username, person.get_full_name(), DEMO_PASSWORD)


def _party(org: Organisation, role: str = "uitvoerder", contact: Person | None = None) -> dict[str, Any]:
    return {
        "organisation": str(org.uuid),
        "organisation_name": org.name,
        "role": role,
        "contact_person": str(contact.uuid) if contact else "",
    }


def _programme(context: DemoContext) -> Programme:
    """A programme of its own for the registry's collaborations (the collaborations demo keeps its
    programme to its own three), with the same themes so the landscape can filter on them."""
    found = Programme.objects.filter(name=PROGRAMME).first()
    if found is not None:
        return found
    amira = context.people["amira"]
    programme = _call(
        collaboration_services.create_programme,
        amira,
        name=PROGRAMME,
        description="Regionale samenwerkingen die zich bij het landschap hebben gemeld.",
        owners=[context.organisations["szw"]],
    )
    for theme in ("Problematische schulden", "Klimaatadaptatie", "Wonen"):
        _call(collaboration_services.add_theme, amira, programme, name=theme)
    return programme


def _registry(context: DemoContext, orgs: dict[str, Organisation]) -> None:
    programme = _programme(context)
    existing = set(
        Collaboration.objects.filter(name__in=[r[0] for r in REGISTRY]).values_list("name", flat=True)
    )
    for name, opgave, creator, owners, region, parties, theme, principle, status in REGISTRY:
        if name in existing:
            continue
        person = context.people[creator]
        theme_obj = programme.themes.filter(name=theme).first() if theme else None
        item = _call(
            collaboration_services.create_collaboration,
            person,
            name=name,
            opgave=opgave,
            owners=[orgs[k] for k in owners],
            region=[orgs[k] for k in region],
            is_national=not region,
            status=status,
            programme=programme,
            theme=theme_obj,
        )
        party_rows = [_party(orgs[owners[0]], "regisseur", person)] + [
            _party(orgs[k]) for k in parties if k not in owners
        ]
        for step, data in (
            (1, {"opgave": opgave, "bedoeling": "Publieke waarde voor de inwoners van de regio."}),
            (2, {"parties": party_rows}),
            (3, {"proposed_principle": principle, "chosen_principle": principle}),
        ):
            item = _call(
                collaboration_services.save_draft,
                person,
                item,
                expected_revision=item.revision,
                step=step,
                data=data,
            )
        _call(collaboration_services.agree_version, person, item, expected_revision=item.revision)


# (collaboration, title, description, order, instrument, step, perspective, tags, visibility)
LESSONS: tuple[tuple[str, str, str, int, str, int | None, str, list[str], str], ...] = (
    (
        "Schuldhulp Nijmegen-Noord",
        "Huisbezoek werkt beter dan een brief",
        "Wie achterstanden heeft, opent vaak geen post meer; een bezoek aan huis bereikt wel.",
        1,
        "",
        2,
        "netwerkende_samenwerking",
        ["vroegsignalering", "huisbezoek"],
        "platform",
    ),
    (
        "Schuldhulp Nijmegen-Noord",
        "Spreek af wie de regie heeft per huishouden",
        "Zonder één regisseur per gezin wachten alle partijen op elkaar.",
        1,
        "",
        4,
        "netwerkende_samenwerking",
        ["regie", "huishouden"],
        "public",
    ),
    (
        "Vroeg Eropaf Arnhem",
        "Woningcorporaties zien schulden het eerst",
        "Huurachterstand is vaak het eerste signaal; neem de corporatie vanaf het begin mee.",
        1,
        "",
        2,
        "maatschappelijke_samenwerking",
        ["signalen", "huur"],
        "platform",
    ),
    (
        "Schuldenpact Gelderland",
        "Een gezamenlijk budget voorkomt afschuiven",
        "Als elke partij uit eigen potje betaalt, schuift iedereen de kosten door.",
        2,
        "financieel",
        4,
        "netwerkende_samenwerking",
        ["financiering"],
        "platform",
    ),
    (
        "Landelijke aanpak incasso",
        "Regel de beslagvrije voet in de wet, niet per convenant",
        "Vrijwillige afspraken over incasso hielden geen stand; pas een wettelijke regel werkte overal.",
        2,
        "juridisch",
        3,
        "meerlaags_bestuur",
        ["incasso", "wetgeving"],
        "public",
    ),
    (
        "Schuldenvrij de Vallei",
        "De gemeenteraad wil zien wat het oplevert",
        "Leg al bij de start vast hoe de raad wordt meegenomen, anders stokt de financiering na een jaar.",
        2,
        "democratisch",
        4,
        "netwerkende_samenwerking",
        ["raad", "verantwoording"],
        "platform",
    ),
    (
        "Schuldenvrij de Vallei",
        "Een vaste tafel is een instituut, geen project",
        "Maak het wekelijkse casusoverleg onderdeel van de lijn; dan overleeft het wisselingen van mensen.",
        2,
        "institutioneel",
        4,
        "netwerkende_samenwerking",
        ["inbedding"],
        "platform",
    ),
    (
        "Armoede en schulden jongeren Ede",
        "Jongeren zoeken zelf geen hulp voor schulden",
        "Werk via plekken waar jongeren al komen: school, sportclub, jongerenwerk.",
        1,
        "",
        2,
        "meerlaags_management",
        ["jongeren"],
        "collaboration",
    ),
    (
        "Hitte in de wijk Arnhem",
        "Bewoners weten waar het heet is",
        "Een warmtekaart van bewoners was nauwkeuriger dan de modellen.",
        1,
        "",
        1,
        "maatschappelijke_samenwerking",
        ["hitte", "participatie"],
        "public",
    ),
    (
        "Wateroverlast Rijn en IJssel",
        "Het waterschap is geen leverancier maar mede-eigenaar",
        "Toen het waterschap mede-eigenaar werd in plaats van uitvoerder, kwamen er betere plannen.",
        3,
        "",
        3,
        "netwerkende_samenwerking",
        ["waterschap", "eigenaarschap"],
        "platform",
    ),
    (
        "Deltaplan ruimtelijke adaptatie regio Arnhem",
        "Klimaatadaptatie hoort in elke gewone ruimtelijke afweging",
        "Een apart klimaatproject bleef een buitenboordmotor; in het omgevingsplan werd het normaal.",
        3,
        "",
        4,
        "netwerkende_samenwerking",
        ["inbedding", "omgevingsplan"],
        "public",
    ),
    (
        "Woningbouw Foodvalley",
        "Een woondeal zonder grondposities blijft papier",
        "Maak afspraken over grond en corporaties tegelijk met de aantallen.",
        2,
        "financieel",
        4,
        "netwerkende_samenwerking",
        ["woondeal", "grond"],
        "platform",
    ),
    (
        "Huisvesting statushouders Gelderland",
        "De taakstelling alleen bouwt geen huizen",
        "Een opgelegde verdeling werkt alleen met geld en ruimte om lokaal te kiezen.",
        3,
        "",
        3,
        "meerlaags_bestuur",
        ["taakstelling"],
        "platform",
    ),
    (
        "Dakloosheid voorkomen Nijmegen",
        "Een huisuitzetting kost meer dan de schuld",
        "Reken de maatschappelijke kosten voor; dat overtuigt bestuurders sneller dan beleid.",
        2,
        "financieel",
        1,
        "netwerkende_samenwerking",
        ["huurachterstand", "kosten"],
        "public",
    ),
    (
        "Ondermijning Gelderland-Zuid",
        "Deel signalen, niet dossiers",
        "Partijen mogen vaak wel melden dat zij betrokken zijn, ook als zij de inhoud niet mogen delen.",
        2,
        "juridisch",
        2,
        "meerlaags_bestuur",
        ["gegevensdeling", "avg"],
        "collaboration",
    ),
    (
        "Toeslagenherstel regio",
        "Vertrouwen herstel je niet met een loket alleen",
        "Gedupeerde ouders wilden één mens die bleef, niet een beter formulier.",
        1,
        "",
        2,
        "netwerkende_samenwerking",
        ["vertrouwen", "toeslagen"],
        "platform",
    ),
    (
        "Jeugdzorg regio Arnhem",
        "Sturen op prestatie-indicatoren lokt strategisch gedrag uit",
        "Aanbieders gingen de makkelijke gevallen doen; kijk naar wat er met de kinderen gebeurt.",
        3,
        "",
        3,
        "meerlaags_management",
        ["indicatoren", "contract"],
        "platform",
    ),
)
DEBTS_DETAILS = {
    "Begin bij de formuleringen van alle partijen, niet bij de structuur": (
        1,
        "netwerkende_samenwerking",
        ["probleemstelling"],
        "public",
    ),
    "Een convenant werkt pas met afspraken over gegevensdeling": (
        4,
        "netwerkende_samenwerking",
        ["convenant", "gegevensdeling"],
        "platform",
    ),
    "Een bewonersinitiatief bereikt mensen die instanties mijden": (
        2,
        "maatschappelijke_samenwerking",
        ["bewoners"],
        "platform",
    ),
    "Vroegsignalering hoort in de gewone werkprocessen, niet in een project": (
        4,
        "netwerkende_samenwerking",
        ["inbedding"],
        "collaboration",
    ),
}


def _lessons() -> None:
    for title, (design_step, perspective, tags, visibility) in DEBTS_DETAILS.items():
        lesson = Lesson.objects.filter(
            title=title, collaboration__name="Samen schuldenvrij in Gelderland-Midden"
        ).first()
        if lesson is not None and lesson.visibility == "collaboration" and visibility != "collaboration":
            fields: dict[str, Any] = {
                "step": design_step,
                "perspective": perspective,
                "tags": tags,
                "visibility": visibility,
            }
            if lesson.order == 2:
                fields["instrument"] = "juridisch"
            services.update_lesson(actor=SYSTEM, lesson=lesson, expected_revision=lesson.revision, **fields)
    by_name = {c.name: c for c in Collaboration.objects.filter(name__in={row[0] for row in LESSONS})}
    now = timezone.now()
    for index, (name, title, text, order, instrument, step, perspective, tags, visibility) in enumerate(
        LESSONS
    ):
        collaboration = by_name.get(name)
        if collaboration is None or Lesson.objects.filter(title=title, collaboration=collaboration).exists():
            continue
        services.record_lesson(
            actor=SYSTEM,
            collaboration=collaboration,
            title=title,
            description=text,
            order=order,
            instrument=instrument,
            step=step,
            perspective=perspective,
            tags=tags,
            visibility=visibility,
            recorded_at=now - timedelta(days=7 * index + 3),
        )


def _circle(context: DemoContext) -> None:
    if KnowledgeCircle.objects.filter(name=CIRCLE).exists():
        return
    sanne, joris, eva, amira = (context.people[k] for k in ("sanne", "joris", "eva", "amira"))
    circle = services.create_circle(
        actor=Actor.for_person(sanne, organisation=context.organisations["arnhem"], origin="demo"),
        name=CIRCLE,
        purpose="Uitvoerders van gemeenten, UWV en CJIB delen wat werkt om betalingsachterstanden vroeg te zien en op te volgen.",
        theme="Problematische schulden",
    )
    lead = Actor.for_person(sanne, origin="demo")
    for person in (joris, eva):
        member = services.invite(actor=lead, circle=circle, person=person)
        services.answer_invitation(actor=Actor.for_person(person, origin="demo"), member=member, accept=True)
    services.request_membership(
        actor=Actor.for_person(amira, origin="demo"),
        circle=circle,
        message="Ik wil graag horen wat er landelijk nodig is.",
    )
    today = timezone.localdate()
    services.add_meeting(
        actor=lead,
        circle=circle,
        title="Signalen van woningcorporaties",
        held_on=today - timedelta(days=40),
        agenda="1. Welke signalen komen binnen\n2. Wie volgt op binnen welke termijn",
        notes="Afgesproken: binnen vijf werkdagen een huisbezoek na een signaal van de corporatie.",
    )
    services.add_meeting(
        actor=lead,
        circle=circle,
        title="Incasso door overheden",
        held_on=today + timedelta(days=20),
        agenda="Hoe stemmen CJIB, UWV en gemeente de incasso af bij iemand in de schuldhulp?",
    )
    thread = services.start_thread(
        actor=Actor.for_person(joris, origin="demo"),
        circle=circle,
        title="Wie informeert de inwoner over een betalingsregeling?",
        body="Bij ons krijgt een inwoner soms drie brieven over hetzelfde. Hoe lossen jullie dat op?",
    )
    services.reply(
        actor=Actor.for_person(eva, origin="demo"),
        thread=thread,
        body="In Ede stuurt alleen de regisseur nog brieven; de rest loopt via haar.",
    )
    services.reply(
        actor=lead, thread=thread, body="Goede vraag voor de volgende bijeenkomst; ik zet het op de agenda."
    )
    for lesson in Lesson.objects.filter(
        title__in=["Huisbezoek werkt beter dan een brief", "Woningcorporaties zien schulden het eerst"]
    ):
        services.link_lesson(actor=lead, circle=circle, lesson=lesson)


def _historic_twinning(orgs: dict[str, Organisation], context: DemoContext) -> None:
    if Twinning.objects.filter(name=HISTORIC).exists():
        return
    ind, svb = orgs["ind"], orgs["svb"]
    item = services.start_twinning(
        actor=SYSTEM,
        name=HISTORIC,
        partner_a=ind,
        partner_b=svb,
        started_on=date(2005, 6, 1),
        planned_end_on=date(2008, 6, 1),
        goals="De IND beslist tijdiger op aanvragen\nBeide organisaties behandelen klachten als bron van verbetering\nLeidinggevenden kennen elkaars werk en bellen elkaar",
        form="meester_gezel",
        master=svb,
        commissioned_by=orgs["rekenkamer"],
        commission_note="Na een kritisch rapport over de doorlooptijden stelde de rekenkamer voor om van een vergelijkbare organisatie te leren.",
    )
    meetings = (
        (
            date(2005, 9, 12),
            "Plan voor kortere doorlooptijden",
            ind,
            "Alle aanvragen binnen acht weken afhandelen door extra capaciteit in te huren.",
            "Waarom meer mensen als de werkvoorraad door het proces komt en niet door de mensen? Wat meet u precies?",
            "De IND bracht eerst het proces in kaart en schrapte twee overdrachtsmomenten.",
        ),
        (
            date(2006, 3, 6),
            "Klachtenaanpak",
            svb,
            "Een centraal klachtenteam dat elke klacht binnen een week beantwoordt.",
            "Hoe komen de lessen uit klachten terug bij de behandelaars? Een centraal team houdt ze ver weg.",
            "De SVB liet behandelaars zelf de klager terugbellen; het centrale team werd klein.",
        ),
        (
            date(2007, 2, 19),
            "Gezamenlijke ketenregie",
            ind,
            "Samen met de gemeenten één loket voor nieuwkomers.",
            "Wie is eigenaar als de aanvraag tussen twee organisaties valt?",
            "Er kwam een vaste contactpersoon per gemeente in plaats van een nieuw loket.",
        ),
    )
    for held, title, by, plan, challenges, changes in meetings:
        services.add_activity(
            actor=SYSTEM,
            twinning=item,
            kind="botsproef",
            title=title,
            held_on=held,
            presented_by=by,
            plan=plan,
            challenges=challenges,
            changes=changes,
        )
    services.add_activity(
        actor=SYSTEM,
        twinning=item,
        kind="kenniskring",
        title="Kenniskring operationeel managers",
        held_on=date(2006, 1, 17),
        description="Managers van beide organisaties bespreken elk kwartaal een eigen knelpunt.",
    )
    services.add_activity(
        actor=SYSTEM,
        twinning=item,
        kind="uitwisseling",
        title="Twee weken meelopen bij de SVB",
        held_on=date(2006, 5, 8),
        description="Zes behandelaars van de IND liepen mee op een SVB-kantoor.",
    )
    services.add_activity(
        actor=SYSTEM,
        twinning=item,
        kind="advies",
        title="Werkvoorraadbeheer overgenomen",
        held_on=date(2007, 4, 2),
        description="De IND nam de dagstart met werkvoorraadbord van de SVB over.",
    )
    services.add_friction(
        actor=SYSTEM,
        twinning=item,
        kind="btw",
        title="Btw op uitgewisselde uren",
        description="Gedeclareerde uren tussen twee overheidsorganisaties bleken btw-plichtig.",
        mitigation="Uitwisseling op basis van wederkerigheid, zonder declaraties.",
    )
    services.add_friction(
        actor=SYSTEM,
        twinning=item,
        kind="kruissubsidie",
        title="Gescheiden administratie",
        description="Kosten van de twinning mochten niet ten laste van de uitkeringsgelden komen.",
        mitigation="Een eigen kostenplaats bij beide organisaties.",
    )
    services.add_friction(
        actor=SYSTEM,
        twinning=item,
        kind="spillover",
        title="Negatieve uitstraling",
        description="Toen de IND in het nieuws kwam, vroegen medewerkers van de SVB of zij daar wel mee geassocieerd wilden worden.",
        mitigation="Bestuurders bespraken het openlijk; de twinning ging door.",
    )
    services.add_friction(
        actor=SYSTEM,
        twinning=item,
        kind="entrapment",
        title="Doorgaan omdat het gezellig is",
        description="Het risico dat de twinning blijft bestaan terwijl de leervraag is beantwoord.",
        mitigation="Elk jaar expliciet de vraag stellen: doorgaan, anders, of stoppen.",
    )
    proposals = (
        (
            "Gezamenlijke training klantgesprekken",
            "Behandelaars van beide organisaties oefenen samen lastige telefoongesprekken.",
            True,
            "Past bij het doel klachten als bron van verbetering.",
        ),
        (
            "Gezamenlijk personeelsblad",
            "Een gezamenlijke editie van de personeelsbladen over de twinning.",
            False,
            "Sympathiek, maar het draagt niet bij aan de doelen van de twinning.",
        ),
    )
    for title, text, approve, note in proposals:
        proposal = TwinningProposal.objects.create(
            twinning=item,
            title=title,
            description=text,
            organisation=ind,
            submitted_at=timezone.now() - timedelta(days=6000),
        )
        services.decide_proposal(
            actor=SYSTEM, proposal=proposal, approve=approve, note=note, expected_revision=proposal.revision
        )
    outcomes = {
        "jaarlijks-2006": (
            "voortzetten",
            "De doorlooptijden dalen; de leervraag is nog niet beantwoord.",
            "",
        ),
        "jaarlijks-2007": (
            "vorm_wijzigen",
            "De IND brengt inmiddels evenveel in als de SVB: van meester–gezel naar gelijkwaardig.",
            "gelijkwaardig",
        ),
        "voor_einde-2008": (
            "beeindigen",
            "De doelen zijn bereikt en het leren is onderdeel van het gewone werk. Stoppen is nu de juiste keuze.",
            "",
        ),
    }
    for evaluation in Evaluation.objects.filter(twinning=item).order_by("due_on"):
        key = f"{evaluation.reason}-{evaluation.due_on.year}"
        if key in outcomes and not Evaluation.objects.get(pk=evaluation.pk).outcome:
            outcome, reasoning, new_form = outcomes[key]
            services.record_evaluation(
                actor=SYSTEM,
                evaluation=evaluation,
                outcome=outcome,
                reasoning=reasoning,
                new_form=new_form,
                held_on=evaluation.due_on,
                expected_revision=evaluation.revision,
            )
    item.refresh_from_db()
    services.update_results(
        actor=SYSTEM,
        twinning=item,
        expected_revision=item.revision,
        results="De IND halveerde de gemiddelde doorlooptijd van gewone aanvragen. Beide organisaties behandelen klachten nu waar ze ontstaan. "
        "Na drie jaar stopten de partners bewust: wat ze wilden leren, was gewoon werk geworden.",
    )
    for title, text, order, instrument in (
        (
            "Laat de partner je plan hard bevragen",
            "Een botsproef werkt alleen als de ander echt mag doorvragen; beleefdheid kost leerwinst.",
            1,
            "",
        ),
        (
            "Regel btw en administratie vóór de eerste uitwisseling",
            "Praktische fricties tussen overheidsorganisaties kosten maanden als je ze achteraf oplost.",
            2,
            "financieel",
        ),
        (
            "Stoppen is een resultaat",
            "Een twinning die eindigt omdat het doel bereikt is, is geslaagd; plan de evaluatie die die vraag stelt.",
            3,
            "",
        ),
    ):
        services.record_lesson(
            actor=SYSTEM,
            twinning=item,
            title=title,
            description=text,
            order=order,
            instrument=instrument,
            visibility="public",
            recorded_at=timezone.now() - timedelta(days=6200),
        )


def _current_twinning(orgs: dict[str, Organisation], context: DemoContext) -> None:
    if Twinning.objects.filter(name=CURRENT).exists():
        return
    today = timezone.localdate()
    item = services.start_twinning(
        actor=SYSTEM,
        name=CURRENT,
        partner_a=orgs["ind"],
        partner_b=orgs["svb"],
        started_on=today - timedelta(days=200),
        planned_end_on=today + timedelta(days=530),
        goals="Klanten krijgen binnen twee werkdagen antwoord\nBeide organisaties gebruiken dezelfde aanpak voor terugbellen",
        form="gelijkwaardig",
    )
    services.add_activity(
        actor=SYSTEM,
        twinning=item,
        kind="botsproef",
        title="Plan voor terugbellen binnen een dag",
        held_on=today - timedelta(days=60),
        presented_by=orgs["svb"],
        plan="Elke klant die belt met een klacht, wordt binnen een dag teruggebeld door de eigen behandelaar.",
        challenges="Wat gebeurt er als de behandelaar afwezig is? Hoe voorkomt u dat de werkvoorraad blijft liggen?",
        changes="Een buddy per behandelaar neemt het terugbellen over bij afwezigheid.",
    )
    services.submit_proposal(
        actor=Actor.for_person(context.people["sven"], origin="demo"),
        twinning=item,
        title="Meeluisteren bij elkaars klantcontactcentrum",
        description="Vier medewerkers van elke organisatie luisteren een dag mee bij de ander en delen daarna wat opviel.",
    )
    services.add_friction(
        actor=SYSTEM,
        twinning=item,
        kind="entrapment",
        title="De vorige twinning als sjabloon",
        description="Het gevaar dat we herhalen wat toen werkte, zonder te vragen of het nu past.",
    )


def _profiles(orgs: dict[str, Organisation]) -> None:
    for key, (processes, strengths, weaknesses) in PROFILES.items():
        if key in orgs and not OrganisationProfile.objects.filter(organisation=orgs[key]).exists():
            services.save_profile(
                actor=SYSTEM,
                organisation=orgs[key],
                core_processes=processes,
                strengths=strengths,
                weaknesses=weaknesses,
            )


def load(context: DemoContext) -> None:
    orgs = _organisations(context)
    _accounts(context, orgs)
    context.step("Register van samenwerkingen")
    _registry(context, orgs)
    context.step("Lessen")
    _lessons()
    context.step(CIRCLE)
    _circle(context)
    context.step(HISTORIC)
    _historic_twinning(orgs, context)
    _current_twinning(orgs, context)
    _profiles(orgs)
    services.refresh_overlaps(actor=SYSTEM)


def reset(context: DemoContext) -> None:
    """Remove the learning demo data (before the collaborations and core demo data go)."""
    KnowledgeCircle.objects.filter(name=CIRCLE).delete()
    for twinning in Twinning.objects.filter(name__in=[HISTORIC, CURRENT]):
        Lesson.objects.filter(twinning_source__twinning=twinning).delete()
        twinning.delete()
    Collaboration.objects.filter(name__in=[row[0] for row in REGISTRY]).delete()
    Programme.objects.filter(name=PROGRAMME).delete()
    Person.objects.filter(username__in=[a[0] for a in ACCOUNTS], is_demo=True).delete()
    OrganisationProfile.objects.all().delete()
    Organisation.objects.filter(name__in=[o[1] for o in EXTRA_ORGANISATIONS]).delete()
