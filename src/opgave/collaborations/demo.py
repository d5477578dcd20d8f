"""The collaborations part of the demo scenario (called by the core demo loader, after core).

A regional collaboration on problematic debts in Gelderland, with a year of history that shows
idling turning into acceleration: months of meetings without a shared problem statement, a
*botsproef* whose formulations diverge sharply, a shared formulation agreed by all, and then
decisions and progress on the goals. Plus a national–regional programme with three regional
collaborations. Writes go through the services (so the audit log is real); only timestamps are
moved back afterwards, because the story needs a past. :func:`load` is idempotent.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from opgave.collaborations import services, tasks
from opgave.collaborations.models import (
    Activity,
    Collaboration,
    DesignVersion,
    Lesson,
    Programme,
    PulseResponse,
    Session,
)
from opgave.collaborations.services import access
from opgave.core.actors import Actor
from opgave.core.demo_loader import DemoContext

DEBTS = "Samen schuldenvrij in Gelderland-Midden"
PROGRAMME = "Interbestuurlijk Programma (demo)"
OTHERS = ("Klimaatbestendig Arnhem en omgeving", "Wonen in de Foodvalley")


def _as(person: Any) -> Actor:
    """Demo data is written by the demo people themselves, through the services."""
    return Actor.for_person(person, origin="demo")


def _org(context: DemoContext, key: str) -> Any:
    return context.organisations[key]


def _party(
    context: DemoContext,
    key: str,
    role: str | None,
    mandate: str = "",
    contact: str = "",
    joined: datetime | None = None,
) -> dict[str, Any]:
    org = _org(context, key)
    person = context.people.get(contact) if contact else None
    return {
        "organisation": str(org.uuid),
        "organisation_name": org.name,
        "role": role,
        "mandate": mandate,
        "contact_person": str(person.uuid) if person else "",
        "contact_name": str(person) if person else "",
        "joined_on": joined.date().isoformat() if joined else None,
    }


def _programme(context: DemoContext) -> Programme:
    existing = Programme.objects.filter(name=PROGRAMME).first()
    if existing:
        return existing
    owner = context.people["amira"]
    programme = services.create_programme(
        name=PROGRAMME,
        description="Rijk, gemeenten, provincies en waterschappen werken samen aan een handvol maatschappelijke "
        "opgaven; regio's werken de thema's uit op hun eigen manier.",
        owners=[_org(context, "szw"), _org(context, "vng"), _org(context, "ipo")],
        actor=_as(owner),
    )
    for name in ("Problematische schulden", "Klimaatadaptatie", "Wonen"):
        services.add_theme(programme, name=name, actor=_as(owner))
    return programme


def _backdate_versions(item: Collaboration, dates: list[datetime]) -> None:
    for version, when in zip(item.versions.order_by("number"), dates, strict=False):
        DesignVersion.objects.filter(pk=version.pk).update(agreed_at=when)
        agreements = [{**a, "at": when.isoformat()} for a in version.agreements]
        DesignVersion.objects.filter(pk=version.pk).update(agreements=agreements)
        Activity.objects.filter(
            collaboration=item, kind="version", title__startswith=f"Versie {version.number} "
        ).update(occurred_at=when)


def _debts(context: DemoContext, programme: Programme, now: datetime) -> None:
    sanne, amira, joris, lotte, noah = (
        context.people[k] for k in ("sanne", "amira", "joris", "lotte", "noah")
    )
    start = now - timedelta(days=360)
    item = services.create_collaboration(
        name=DEBTS,
        opgave="Inwoners van Arnhem, Nijmegen en Ede met problematische schulden eerder en samen helpen.",
        owners=[_org(context, "arnhem")],
        region=[_org(context, k) for k in ("arnhem", "nijmegen", "ede", "gelderland")],
        status="actief",
        national_relation="naast",
        review_interval_days=180,
        programme=programme,
        theme=programme.themes.get(name="Problematische schulden"),
        actor=_as(sanne),
    )
    # The story spans a year: the collaboration must exist from its start (fair diagnostics).
    Collaboration.objects.filter(pk=item.pk).update(created_at=start - timedelta(days=5))
    # Version 1: the early, vague design of the founding organisations.
    first = {
        "step1": {
            "opgave": "Schulden aanpakken in de regio.",
            "bedoeling": "Minder armoede.",
            "formulations": [],
        },
        "step2": {
            "parties": [
                _party(context, "arnhem", "regisseur", contact="sanne", joined=start),
                _party(context, "nijmegen", "uitvoerder", joined=start),
                _party(context, "ede", "uitvoerder", joined=start),
                _party(context, "szw", "financier", contact="amira", joined=start),
            ],
            "candidates": [
                {"name": "Woningcorporaties", "reason": "Eerst de overheden onderling op één lijn."}
            ],
        },
        "step3": {
            "answers": {
                "b1": 4,
                "b2": 3,
                "b3": 4,
                "m1": 3,
                "m2": 4,
                "m3": 3,
                "n1": 4,
                "n2": 3,
                "n3": 3,
                "p1": 2,
                "p2": 2,
                "p3": 2,
            },
            "chosen_principle": "meerlaags_bestuur",
            "cement_collaboration": "formeel_juridisch",
            "composition_collaboration": "top_down",
        },
        "step4": {
            "organisational_form": "Stuurgroep van wethouders met een ambtelijke werkgroep.",
            "accountability": "principal_agent",
            "accountable_to": "De gemeenteraden, via de jaarrekening.",
            "embedding": "buitenboordmotor",
        },
        "step5": {"relations": []},
    }
    item = services.save_draft(item, expected_revision=item.revision, data=first, actor=_as(sanne))
    services.agree_version(
        item, expected_revision=item.revision, note="Startnotitie van de stuurgroep.", actor=_as(sanne)
    )
    item.refresh_from_db()
    # Everyone who will take part joins (participation drives visibility); agreed as an interim version.
    design = dict(item.draft)
    design["step2"]["parties"] += [
        _party(context, "uwv", "uitvoerder", contact="joris", joined=start + timedelta(days=40)),
        _party(context, "cjib", "uitvoerder", joined=start + timedelta(days=40)),
        _party(context, "belastingdienst", "uitvoerder", joined=start + timedelta(days=40)),
        _party(context, "vivare", "uitvoerder", contact="lotte", joined=start + timedelta(days=60)),
        _party(context, "samen-rond", None, contact="noah", joined=start + timedelta(days=60)),
        _party(context, "gelderland", "financier", joined=start + timedelta(days=60)),
    ]
    # With SZW and the executive agencies at the table, the relation between the national and the
    # regional level is written down, and who links the parties: part of the agreed picture, so the
    # overview and the comparison of versions show it (the network design later changes it again).
    design["step4"].update(
        {
            "centre_position": "boven",
            "centre_commissions_region": True,
            "region_commissions_centre": False,
            "levels_note": "SZW stelt de landelijke doelen van de schuldenaanpak en betaalt mee aan "
            "vroegsignalering; de regio legt verantwoording af over de voortgang.",
            "neutral_connector": "Onafhankelijk voorzitter van de werkgroep schulden",
        }
    )
    item = services.save_draft(item, expected_revision=item.revision, data=design, actor=_as(sanne))
    services.agree_version(
        item, expected_revision=item.revision, note="Nieuwe partijen aan tafel.", actor=_as(sanne)
    )
    _backdate_versions(item, [start + timedelta(days=5), start + timedelta(days=60)])

    # Eight months of talk: many meetings and messages, no decisions.
    for week in range(0, 34):
        when = start + timedelta(days=7 * week + 2)
        if week % 2 == 0:
            services.log_activity(
                item, kind="meeting", title="Overleg werkgroep schulden", occurred_at=when, actor=_as(sanne)
            )
        services.log_activity(
            item,
            kind="message",
            title="Verslag en agenda rondgestuurd",
            occurred_at=when + timedelta(days=1),
            actor=_as(sanne),
        )
        if week % 4 == 0:
            services.log_activity(
                item,
                kind="meeting",
                title="Stuurgroep: stand van zaken",
                occurred_at=when + timedelta(days=3),
                actor=_as(sanne),
            )

    # The botsproef: five participants write down the problem independently.
    session_at = start + timedelta(days=245)
    session = services.open_session(
        item,
        title="Botsproef: wat is ons probleem?",
        kind="botsproef",
        participants=[sanne, amira, joris, lotte, noah],
        steps=[1, 2],
        actor=_as(sanne),
    )
    answers = {
        sanne: (
            "De schuldhulpverlening van de drie gemeenten werkt langs elkaar heen; wachtlijsten en "
            "verschillende toegangsregels zorgen dat inwoners met schulden afhaken.",
            ["Gemeente Arnhem", "Gemeente Nijmegen", "Gemeente Ede"],
        ),
        amira: (
            "De landelijke beleidsdoelen uit de brede schuldenaanpak worden in de regio niet gehaald; "
            "we missen cijfers over inwoners met schulden om de voortgang te meten.",
            ["Ministerie van Sociale Zaken en Werkgelegenheid", "Gemeente Arnhem"],
        ),
        joris: (
            "Beslagleggers van de overheid innen tegelijk bij hetzelfde huishouden: boetes, toeslagen en "
            "uitkeringen stapelen zich op tot onder de beslagvrije voet.",
            ["Centraal Justitieel Incassobureau (CJIB)", "Belastingdienst", "UWV"],
        ),
        lotte: (
            "Huurders met schulden en een betalingsachterstand melden zich te laat; als de deurwaarder komt is een "
            "huisuitzetting bijna niet meer te voorkomen.",
            ["Vivare", "Gemeente Arnhem", "Bewonersinitiatief Samen Rond (fictief)"],
        ),
        noah: (
            "Mensen schamen zich voor hun geldzorgen en vertrouwen instanties niet; buren en vrijwilligers "
            "kunnen het gesprek openen voordat het misgaat.",
            ["Bewonersinitiatief Samen Rond (fictief)", "Vivare"],
        ),
    }
    for person, (text, parties) in answers.items():
        services.submit_answer(session, formulation=text, parties=parties, actor=_as(person))
    session = services.reveal(session, actor=_as(sanne))
    tasks.measure_divergence.call(str(session.uuid))  # what the worker does after a reveal
    session.refresh_from_db()
    session = services.update_proposal(
        session,
        expected_revision=session.revision,
        opgave="Huishoudens in Gelderland-Midden raken in een schuldenspiraal doordat signalen laat worden "
        "opgepakt en overheidsschuldeisers tegelijk innen. Samen willen we betalingsachterstanden vroeg "
        "zien, stapeling van overheidsincasso voorkomen en huisuitzettingen door schulden stoppen.",
        bedoeling="Bestaanszekerheid: iedereen houdt een dak boven het hoofd en genoeg om van te leven.",
        parties=[
            "Vivare",
            "Centraal Justitieel Incassobureau (CJIB)",
            "Bewonersinitiatief Samen Rond (fictief)",
        ],
        actor=_as(sanne),
    )
    for person in (sanne, amira, joris, lotte, noah):
        services.consent(session, decision="agree", expected_revision=session.revision, actor=_as(person))
    Session.objects.filter(pk=session.pk).update(
        opened_at=session_at - timedelta(days=14),
        revealed_at=session_at,
        agreed_at=session_at + timedelta(days=10),
    )
    Activity.objects.filter(collaboration=item, kind="session").update(occurred_at=session_at)
    _backdate_versions(
        item, [start + timedelta(days=5), start + timedelta(days=60), session_at + timedelta(days=10)]
    )
    item.refresh_from_db()

    # After the shared formulation: a network-led design, decisions and results.
    design = dict(item.draft)
    design["step1"]["formulations"] = [
        {
            "organisation_name": "Vivare",
            "important": "Huurders houden hun woning.",
            "fear": "Te laat in beeld.",
            "dream": "Geen enkele huisuitzetting door schulden.",
        },
        {
            "organisation_name": "Centraal Justitieel Incassobureau (CJIB)",
            "important": "Rechtmatig innen.",
            "fear": "Innen bij mensen die niets meer hebben.",
            "dream": "Eén afspraak per huishouden.",
        },
        {
            "organisation_name": "Bewonersinitiatief Samen Rond (fictief)",
            "important": "Vertrouwen.",
            "fear": "Dat instanties het initiatief overnemen.",
            "dream": "In elke wijk een keukentafel.",
        },
    ]
    design["step3"].update(
        {
            "chosen_principle": "netwerkende_samenwerking",
            "override_reason": "De taak ligt wettelijk bij de gemeenten, maar geen partij kan het alleen; we "
            "werken als gelijkwaardige partners en borgen de rechtmatigheid via de gemeenten.",
            "quadrant_values": {
                "meerlaags_bestuur": "Toegang tot schuldhulp volgt in alle drie gemeenten dezelfde regels.",
                "netwerkende_samenwerking": "Gezamenlijke agenda: vroeg signaleren, niet stapelen, niemand op straat.",
            },
            "cement_collaboration": "de_facto",
            "composition_collaboration": "bottom_up",
            "cement_content": "de_facto",
            "composition_content": "bottom_up",
        }
    )
    design["step4"].update(
        {
            "organisational_form": "Netwerk met een klein regionaal programmabureau als neutrale verbinder.",
            "accountability": "stewardship",
            "accountable_to": "Jaarlijks gezamenlijk verslag aan de drie raden en Provinciale Staten.",
            "funding": [
                {
                    "source": "Ministerie van Sociale Zaken en Werkgelegenheid",
                    "amount": "450000.00",
                    "conditions": "Besteding aan vroegsignalering.",
                    "accounted_how": "Via de SiSa-bijlage.",
                },
                {
                    "source": "Provincie Gelderland",
                    "amount": "150000.00",
                    "conditions": "Cofinanciering.",
                    "accounted_how": "Eindverslag.",
                },
            ],
            "steering": "Kwartaalgesprek van bestuurders op de voortgang van de drie doelen.",
            "capacity": "Twee regionale vroegsignaleerders; schuldhulp blijft lokaal.",
            "embedding": "buitenboordmotor",
            "embedding_note": "Het programmabureau draait nog naast de gemeentelijke lijn.",
            "centre_position": "onder",
            "centre_commissions_region": True,
            "region_commissions_centre": True,
            "levels_note": "SZW financiert vroegsignalering en vraagt resultaten; de regio vraagt SZW om "
            "knelpunten in de landelijke incasso op te lossen.",
            "neutral_connector": "Regionaal programmabureau schulden",
        }
    )
    design["step5"]["relations"] = [
        {
            "collaboration": "",
            "name": "Gelders Schuldenakkoord",
            "stance": "samenwerken",
            "note": "Zelfde partijen; wij werken de regionale uitvoering uit.",
        },
    ]
    item = services.save_draft(item, expected_revision=item.revision, data=design, actor=_as(sanne))
    accelerate = session_at + timedelta(days=20)
    goal_evictions = services.add_goal(
        item,
        title="Geen huisuitzettingen door schulden",
        indicator="Huisuitzettingen door huurschuld per jaar",
        unit="uitzettingen",
        baseline=48,
        target=0,
        actor=_as(sanne),
    )
    goal_reach = services.add_goal(
        item,
        title="Vroeg in beeld",
        indicator="Huishoudens bereikt na een signaal",
        unit="huishoudens",
        baseline=0,
        target=1200,
        actor=_as(sanne),
    )
    for step, (evictions, reach) in enumerate([(44, 150), (37, 380), (29, 640), (22, 860)]):
        when = accelerate + timedelta(days=25 * step + 10)
        services.record_measurement(goal_evictions, value=evictions, measured_at=when, actor=_as(sanne))
        services.record_measurement(goal_reach, value=reach, measured_at=when, actor=_as(sanne))
    decisions = [
        "Eén convenant vroegsignalering met Vivare en de gemeenten",
        "CJIB en Belastingdienst stemmen incasso af per huishouden",
        "Keukentafelgesprekken van Samen Rond worden gefinancierd",
        "Gezamenlijke toegangsregels schuldhulp vastgesteld",
    ]
    for step, title in enumerate(decisions):
        services.log_activity(
            item,
            kind="decision",
            title=title,
            occurred_at=accelerate + timedelta(days=22 * step),
            actor=_as(sanne),
        )
        services.log_activity(
            item,
            kind="meeting",
            title="Werkoverleg uitvoering",
            occurred_at=accelerate + timedelta(days=22 * step + 7),
            actor=_as(sanne),
        )
    lessons = [
        (1, "Begin bij de formuleringen van alle partijen, niet bij de structuur"),
        (2, "Een convenant werkt pas met afspraken over gegevensdeling"),
        (1, "Een bewonersinitiatief bereikt mensen die instanties mijden"),
        (3, "Vroegsignalering hoort in de gewone werkprocessen, niet in een project"),
    ]
    for step, (order, title) in enumerate(lessons):
        lesson = services.add_lesson(item, title=title, order=order, actor=_as(sanne))
        Lesson.objects.filter(pk=lesson.pk).update(recorded_at=accelerate + timedelta(days=15 + 20 * step))
    _pulses(item, [sanne, amira, joris, lotte, noah], start)
    services.add_tension(
        item,
        kind="verticaal",
        title="Landelijke indicatoren tegenover regionale aanpak",
        description="Het Rijk vraagt om landelijke cijfers; de regio stuurt op huisuitzettingen.",
        handling="Eén gezamenlijke set van drie indicatoren, in overleg met SZW.",
        actor=_as(sanne),
    )
    services.add_tension(
        item,
        kind="horizontaal",
        title="Drie gemeenten, drie toegangsregels",
        handling="Gezamenlijke toegangsregels vastgesteld; evaluatie na een jaar.",
        actor=_as(sanne),
    )
    services.add_tension(
        item,
        kind="waarden",
        title="Rechtmatig innen tegenover bestaanszekerheid",
        handling="Afspraak dat overheidsschuldeisers de beslagvrije voet samen bewaken.",
        actor=_as(sanne),
    )


def _pulses(item: Collaboration, people: list[Any], start: datetime) -> None:
    """Four quarterly pulses: relationships and culture lag behind, then improve after the botsproef."""
    waves = [
        {
            "inhoud": 2,
            "procedure": 3,
            "relaties": 2,
            "cultuur": 2,
            "sturing": 2,
            "wereld": 2,
            "rolvastheid": 3,
            "verbinder": 1,
        },
        {
            "inhoud": 2,
            "procedure": 3,
            "relaties": 3,
            "cultuur": 2,
            "sturing": 2,
            "wereld": 3,
            "rolvastheid": 3,
            "verbinder": 2,
        },
        {
            "inhoud": 4,
            "procedure": 3,
            "relaties": 3,
            "cultuur": 3,
            "sturing": 3,
            "wereld": 3,
            "rolvastheid": 3,
            "verbinder": 3,
        },
        {
            "inhoud": 4,
            "procedure": 4,
            "relaties": 4,
            "cultuur": 4,
            "sturing": 3,
            "wereld": 4,
            "rolvastheid": 4,
            "verbinder": 4,
        },
    ]
    for wave, base in enumerate(waves):
        when = start + timedelta(days=80 + 91 * wave)
        for offset, person in enumerate(people):
            scores = {k: max(1, min(5, v + (offset % 3) - 1)) for k, v in base.items()}
            response = services.submit_pulse(item, scores=scores, actor=_as(person))
            PulseResponse.objects.filter(pk=response.pk).update(submitted_at=when + timedelta(days=offset))


def _other(
    context: DemoContext,
    programme: Programme,
    name: str,
    opgave: str,
    owner: str,
    person: str,
    region: list[str],
    theme: str,
    meetings: int,
    decisions: int,
    now: datetime,
) -> None:
    actor = _as(context.people[person])
    item = services.create_collaboration(
        name=name,
        opgave=opgave,
        owners=[_org(context, owner)],
        region=[_org(context, k) for k in region],
        status="verkennend",
        national_relation="onder",
        programme=programme,
        theme=programme.themes.get(name=theme),
        actor=actor,
    )
    Collaboration.objects.filter(pk=item.pk).update(created_at=now - timedelta(days=210))
    item = services.save_draft(
        item,
        expected_revision=item.revision,
        step=1,
        data={"opgave": opgave, "bedoeling": "Een leefbare regio voor de lange termijn."},
        actor=actor,
    )
    services.agree_version(item, expected_revision=item.revision, actor=actor)
    _backdate_versions(item, [now - timedelta(days=200)])
    for i in range(meetings):
        services.log_activity(
            item,
            kind="meeting",
            title="Verkennend overleg",
            occurred_at=now - timedelta(days=10 + 9 * i),
            actor=actor,
        )
    for i in range(decisions):
        services.log_activity(
            item,
            kind="decision",
            title="Werkafspraak gemaakt",
            occurred_at=now - timedelta(days=20 + 30 * i),
            actor=actor,
        )


def load(context: DemoContext) -> None:
    """Create the demo collaborations (idempotent: an existing demo collaboration is left alone)."""
    now = timezone.now()
    programme = _programme(context)
    if not Collaboration.objects.filter(name=DEBTS).exists():
        context.step(DEBTS)
        _debts(context, programme, now)
    if not Collaboration.objects.filter(name=OTHERS[0]).exists():
        context.step(OTHERS[0])
        _other(
            context,
            programme,
            OTHERS[0],
            "Wateroverlast en hitte in de stad samen voorkomen.",
            "arnhem",
            "sanne",
            ["arnhem", "gelderland"],
            "Klimaatadaptatie",
            meetings=14,
            decisions=0,
            now=now,
        )
    if not Collaboration.objects.filter(name=OTHERS[1]).exists():
        context.step(OTHERS[1])
        _other(
            context,
            programme,
            OTHERS[1],
            "Genoeg betaalbare woningen voor starters en ouderen.",
            "ede",
            "eva",
            ["ede", "gelderland"],
            "Wonen",
            meetings=6,
            decisions=4,
            now=now,
        )
        # Eva invites the housing corporation: Lotte (Vivare) finds the invitation among her notifications.
        # Noah's citizens' initiative asks to join the climate collaboration; Sanne decides. Pieter
        # (water board) is left to ask to join it himself.
        access.request_to_join(
            Collaboration.objects.get(name=OTHERS[0]),
            organisation=_org(context, "samen-rond"),
            motivation="Wij vergroenen schoolpleinen en tuinen in de wijk; dat helpt tegen hitte en wateroverlast.",
            actor=_as(context.people["noah"]),
        )
        access.invite(
            Collaboration.objects.get(name=OTHERS[1]),
            organisation=_org(context, "vivare"),
            message="Jullie kennen de huurders en de woningvoorraad; doen jullie mee?",
            actor=_as(context.people["eva"]),
        )


def reset(context: DemoContext) -> None:
    """Remove the demo collaborations and the demo programme."""
    Collaboration.objects.filter(name__in=(DEBTS, *OTHERS)).delete()
    Programme.objects.filter(name=PROGRAMME).delete()
