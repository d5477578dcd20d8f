"""Sessions: open, answer independently, reveal with a divergence measure, draft and consent."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from opgave.collaborations import divergence, notices, permissions
from opgave.collaborations.design import Design, Party, parse_design
from opgave.collaborations.models import (
    Activity,
    ActivityKind,
    Collaboration,
    Consent,
    Session,
    SessionAnswer,
    SessionKind,
    SessionStatus,
)
from opgave.collaborations.parties import find_party
from opgave.collaborations.services._common import Actor, check_revision, deny, record, require_person
from opgave.collaborations.services.collaborations import agreement_entry, create_version, validate_design
from opgave.core.dates import nl_date
from opgave.core.exceptions import Conflict, Invalid
from opgave.core.models import Organisation, Person


def open_session(
    collaboration: Collaboration,
    *,
    actor: Actor,
    title: str,
    participants: list[Person],
    kind: str = SessionKind.FOCUSSESSIE,
    steps: list[int] | None = None,
    closes_at: datetime | None = None,
) -> Session:
    """The actor opens a session and becomes the facilitator of *that session* (not of the
    collaboration). Owner members and the collaboration's facilitators may open one
    (:func:`~opgave.collaborations.permissions.can_open_session`). Participants must be
    participants of the collaboration (members of a participating organisation) or one of its
    facilitators."""
    if not permissions.can_open_session(actor.principal, collaboration):
        raise deny(
            actor,
            "collaboration.session.create",
            collaboration,
            "Alleen leden van een eigenaar en facilitatoren van de samenwerking openen een sessie.",
        )
    facilitator = require_person(actor, "collaboration.session.create", collaboration)
    if kind not in SessionKind.values:
        raise Invalid("Kies een focussessie of een botsproef.")
    if not title.strip():
        raise Invalid("Geef de sessie een titel.", [{"field": "title", "message": "Verplicht."}])
    steps = sorted(set(steps or [1, 2]))
    if any(s not in (1, 2, 3, 4, 5) for s in steps):
        raise Invalid("Er zijn vijf stappen (1 tot en met 5).")
    people = list(dict.fromkeys(participants))
    if len(people) < 2:
        raise Invalid(
            "Een sessie heeft minstens twee deelnemers.",
            [{"field": "participants", "message": "Kies er minstens twee."}],
        )
    if closes_at is not None and closes_at <= timezone.now():
        raise Invalid(
            "De sluitingsdatum moet in de toekomst liggen.",
            [{"field": "closes_at", "message": "Kies een moment na nu."}],
        )
    outsiders = [_name_for(actor, p) for p in people if not permissions.can_view_private(p, collaboration)]
    if outsiders:
        raise Invalid(
            f"Deze personen doen niet mee aan de samenwerking: {', '.join(outsiders)}.",
            [{"field": "participants", "message": "Kies alleen deelnemers van de samenwerking."}],
        )
    now = timezone.now()
    with transaction.atomic():
        session = Session.objects.create(
            collaboration=collaboration,
            kind=kind,
            title=title.strip(),
            steps=steps,
            facilitator=facilitator,
            opened_at=now,
            closes_at=closes_at,
        )
        session.participants.set(people)
        notices.answer_requested(actor, session, people)
        Activity.objects.create(
            collaboration=collaboration,
            kind=ActivityKind.SESSION,
            title=f"Sessie geopend: {session.title}",
            occurred_at=now,
            created_by=actor.person,
        )
        record(actor, "collaboration.session.create", session, {"participants": len(people)})
    return session


def submit_answer(session: Session, *, actor: Actor, formulation: str, parties: list[str]) -> SessionAnswer:
    """A participant writes (or rewrites) their own answer while the session is open."""
    if not permissions.is_session_participant(actor.principal, session):
        raise deny(
            actor,
            "collaboration.session.answer",
            session,
            "Alleen deelnemers van de sessie geven een antwoord.",
        )
    if session.status != SessionStatus.OPEN:
        raise Conflict("De antwoorden zijn al onthuld; je kunt je antwoord niet meer wijzigen.")
    if is_closed(session):
        raise Conflict("Deze sessie is gesloten; je kunt geen antwoord meer geven of wijzigen.")
    if not formulation.strip():
        raise Invalid(
            "Schrijf op wat volgens jou de opgave is.", [{"field": "formulation", "message": "Verplicht."}]
        )
    clean = [p.strip()[:200] for p in parties if p and p.strip()][:50]
    with transaction.atomic():
        answer, _ = SessionAnswer.objects.update_or_create(
            session=session,
            author=actor.person,
            defaults={
                "formulation": formulation.strip()[:8000],
                "parties": clean,
                "submitted_at": timezone.now(),
            },
        )
        record(actor, "collaboration.session.answer", session)
    return answer


def _labels(session: Session) -> dict[int, str]:
    """Display names of the participants, made unique (two people may share a name)."""
    people = list(session.participants.order_by("pk"))
    names = [str(p) for p in people]
    return {
        p.pk: (f"{name} ({p.get_username()})" if names.count(name) > 1 else name)
        for p, name in zip(people, names, strict=True)
    }


def reveal(session: Session, *, actor: Actor) -> Session:
    """The facilitator reveals the answers: the divergence is measured and the proposal is seeded
    with the current draft and the parties named by at least half of the participants."""
    if not permissions.can_reveal(actor.principal, session):
        raise deny(
            actor, "collaboration.session.reveal", session, "Alleen de facilitator onthult de antwoorden."
        )
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.status != SessionStatus.OPEN:
            raise Conflict("Deze sessie is al onthuld.")
        answers = list(locked.answers.all())
        if len(answers) < 2:
            raise Conflict("Er zijn minstens twee antwoorden nodig om te onthullen.")
        labels = _labels(locked)
        # The words and parties now (milliseconds); the meaning — the sentence encoder, seconds
        # under load — in a background task, so the request never waits for it (ADR 0043).
        report = divergence.measure(
            {labels[a.author_id]: a.formulation for a in answers},
            {labels[a.author_id]: list(a.parties) for a in answers},
            meaning=False,
        )
        draft = parse_design(locked.collaboration.draft)
        known = [*_agreed_design(locked.collaboration).step2.parties, *draft.step2.parties]
        now = timezone.now()
        locked.divergence = report.to_json()
        locked.proposal = {
            "opgave": draft.step1.opgave,
            "bedoeling": draft.step1.bedoeling,
            "parties": list(
                dict.fromkeys(canonical_party_name(p.party, known) for p in report.parties if p.share >= 0.5)
            ),
        }
        locked.status = SessionStatus.REVEALED
        locked.revealed_at = now
        locked.revision += 1
        locked.save()
        Activity.objects.create(
            collaboration=locked.collaboration,
            kind=ActivityKind.SESSION,
            title=f"Antwoorden onthuld: {locked.title}",
            occurred_at=now,
            created_by=actor.person,
        )
        record(actor, "collaboration.session.reveal", locked, {"divergence": "wordt berekend"})
        notices.revealed(actor, locked)
        if report.pending:
            from opgave.collaborations import tasks

            tasks.measure_divergence.enqueue(str(locked.uuid))
    return locked


def complete_divergence(session: Session) -> bool:
    """Measure the meaning of a revealed session's answers and store it (the background task's work).

    Idempotent: a session whose divergence is no longer pending is left alone, so a retried or
    doubled task changes nothing. The encoder runs outside any lock; the result is written under
    a row lock without touching the session's revision (consents refer to that revision)."""
    if not (session.divergence or {}).get("pending"):
        return False
    answers = list(session.answers.all())
    labels = _labels(session)
    report = divergence.measure(
        {labels[a.author_id]: a.formulation for a in answers},
        {labels[a.author_id]: list(a.parties) for a in answers},
    )
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if not (locked.divergence or {}).get("pending"):
            return False
        Session.objects.filter(pk=locked.pk).update(divergence=report.to_json())
        record(
            Actor.system(origin="worker"),
            "collaboration.session.divergence",
            locked,
            {"divergence": report.divergence, "method": report.method},
        )
    return True


def update_proposal(
    session: Session,
    *,
    actor: Actor,
    expected_revision: int | None,
    opgave: str,
    bedoeling: str,
    parties: list[str],
) -> Session:
    """Edit the shared formulation (participants and facilitator). Consents given to the previous
    text stay on record but no longer count: everybody is asked again."""
    allowed = permissions.is_session_participant(
        actor.principal, session
    ) or permissions.is_session_facilitator(actor.principal, session)
    if not allowed:
        raise deny(
            actor,
            "collaboration.session.proposal",
            session,
            "Alleen deelnemers en de facilitator bewerken de formulering.",
        )
    if session.status != SessionStatus.REVEALED:
        raise Conflict(
            "De gedeelde formulering kan alleen na het onthullen en vóór het vaststellen worden bewerkt."
        )
    if not opgave.strip():
        raise Invalid(
            "De gedeelde opgave mag niet leeg zijn.", [{"field": "opgave", "message": "Verplicht."}]
        )
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        check_revision(locked, expected_revision)
        consented = [
            c.participant
            for c in locked.consents.filter(
                decision=Consent.Decision.AGREE, proposal_revision=locked.revision
            ).select_related("participant")
        ]
        locked.proposal = {
            "opgave": opgave.strip()[:8000],
            "bedoeling": bedoeling.strip()[:8000],
            "parties": list(dict.fromkeys(p.strip()[:200] for p in parties if p.strip())),
        }
        locked.revision += 1
        locked.save(update_fields=["proposal", "revision"])
        record(actor, "collaboration.session.proposal", locked)
        notices.proposal_changed(actor, locked, consented)
    return locked


def consent(
    session: Session, *, actor: Actor, decision: str, reason: str = "", expected_revision: int | None
) -> Session:
    """A participant agrees with, or objects to, the proposal at ``expected_revision``.

    When every participant agrees, the proposal becomes a new design version (steps of the
    session confirmed, all participants recorded as agreeing) and the session is closed.
    """
    if not permissions.is_session_participant(actor.principal, session):
        raise deny(
            actor, "collaboration.session.consent", session, "Alleen deelnemers van de sessie stemmen in."
        )
    if decision not in Consent.Decision.values:
        raise Invalid("Kies akkoord of bezwaar.")
    if decision == Consent.Decision.OBJECT and not reason.strip():
        raise Invalid(
            "Geef bij een bezwaar een reden.", [{"field": "reason", "message": "Verplicht bij bezwaar."}]
        )
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.status != SessionStatus.REVEALED:
            raise Conflict(
                "Instemmen kan alleen als de antwoorden onthuld zijn en er nog niets is vastgesteld."
            )
        check_revision(locked, expected_revision)
        now = timezone.now()
        Consent.objects.update_or_create(
            session=locked,
            participant=actor.person,
            proposal_revision=locked.revision,
            defaults={
                "decision": decision,
                "reason": reason.strip(),
                "at": now,
            },
        )
        record(actor, "collaboration.session.consent", locked, {"decision": decision})
        participants = list(locked.participants.all())
        agreed = {
            c.participant_id: c
            for c in locked.consents.filter(
                decision=Consent.Decision.AGREE, proposal_revision=locked.revision
            )
        }
        if all(p.pk in agreed for p in participants):
            _conclude(locked, participants, agreed, actor=actor)
    return locked


def _agreed_design(collaboration: Collaboration) -> Design:
    """The last agreed content (an empty design before the first version)."""
    latest = collaboration.versions.order_by("-number").first()
    return parse_design(latest.data if latest else None)


def canonical_party_name(name: str, parties: list[Party]) -> str:
    """The name of the party in step 2 that ``name`` denotes ("CJIB" → "Centraal Justitieel
    Incassobureau (CJIB)"), else the name of a platform organisation it denotes, else ``name``."""
    found = find_party(name, parties)
    if found is not None:
        return found.organisation_name
    org = _platform_organisation(name)
    return org.name if org else name.strip()


def _platform_organisation(name: str) -> Organisation | None:
    name = name.strip()
    return (
        Organisation.objects.filter(name__iexact=name).first()
        or Organisation.objects.filter(name__iendswith=f"({name})").first()
    )


def apply_proposal(design: Design, proposal: dict[str, Any], *, joined_on: Any) -> Design:
    """``design`` with what the session showed (the shared opgave, bedoeling and parties) applied;
    everything else is left as it was. A named party that is already in (by organisation,
    abbreviation or name) is not added twice."""
    data = design.to_json()
    data["step1"]["opgave"] = proposal.get("opgave", "")
    data["step1"]["bedoeling"] = proposal.get("bedoeling", "")
    for name in proposal.get("parties", []):
        parties = [Party.model_validate(p) for p in data["step2"]["parties"]]
        if find_party(name, parties) is not None:
            continue
        org = _platform_organisation(name)
        if org is not None and any(p.active and p.organisation == str(org.uuid) for p in parties):
            continue
        party = Party(
            organisation=str(org.uuid) if org else "",
            organisation_name=org.name if org else name,
            joined_on=joined_on,
        )
        data["step2"]["parties"].append(party.model_dump(mode="json"))
    return validate_design(data)


def _conclude(
    session: Session, participants: list[Person], agreed: dict[int, Consent], *, actor: Actor
) -> None:
    """Everybody agreed: a new version of the **last agreed** design with only what the session
    showed changed. Pending changes in the working draft stay in the draft, unconfirmed."""
    collaboration = Collaboration.objects.select_for_update().get(pk=session.collaboration_id)
    today = timezone.localdate()
    design = apply_proposal(_agreed_design(collaboration), session.proposal, joined_on=today)
    draft = apply_proposal(parse_design(collaboration.draft), session.proposal, joined_on=today)
    now = timezone.now()
    version = create_version(
        collaboration,
        design,
        agreements=[agreement_entry(p, agreed[p.pk].at) for p in participants],
        created_by=actor.person,
        note=f"Vastgesteld in sessie '{session.title}'.",
        session=session,
        steps=sorted((set(session.steps) & {1, 2}) | {1}),
        at=now,
    )
    collaboration.draft = draft.to_json()
    collaboration.revision += 1
    collaboration.save(update_fields=["draft", "revision", "updated_at"])
    session.status = SessionStatus.AGREED
    session.agreed_at = now
    session.save(update_fields=["status", "agreed_at"])
    record(
        actor,
        "collaboration.version.create",
        version,
        {"number": version.number, "session": str(session.uuid)},
    )
    notices.agreed(actor, session, version.number)


def is_closed(session: Session, now: datetime | None = None) -> bool:
    """An open session whose closing date has passed takes no more answers."""
    return session.closes_at is not None and session.closes_at <= (now or timezone.now())


def _name_for(actor: Actor, person: Person) -> str:
    """A person as an error message may show them to ``actor``: the name only to someone who shares
    an organisation with them; otherwise the id the caller sent (a 422 must not reveal names)."""
    viewer = actor.issuer
    shares = (
        viewer is not None
        and Person.objects.filter(
            pk=person.pk, memberships__organisation__memberships__person=viewer
        ).exists()
    )
    return str(person) if shares else str(person.uuid)


def start_review_session(collaboration: Collaboration, *, actor: Actor) -> Session:
    """One click from the dashboard: a re-explication session on steps 1 and 2 with the contact persons
    of the active parties, the facilitators and the actor; when that is fewer than two people, the
    members of the participating organisations. Says in Dutch what is missing otherwise."""
    if not permissions.can_edit(actor.principal, collaboration):
        raise deny(
            actor, "collaboration.session.create", collaboration, "Alleen deelnemers openen een sessie."
        )
    me = require_person(actor, "collaboration.session.create", collaboration)
    design = parse_design(collaboration.draft)
    uuids = [p.contact_person for p in design.step2.parties if p.active and p.contact_person]
    people = [me, *Person.objects.filter(uuid__in=uuids, is_active=True).exclude(pk=me.pk)]
    people += [
        p for p in collaboration.facilitators.filter(is_active=True).exclude(pk=me.pk) if p not in people
    ]
    people = [p for p in people if permissions.can_view_private(p, collaboration)]
    if len(people) < 2:
        members = (
            Person.objects.filter(
                is_active=True, memberships__organisation__in=permissions.participant_org_ids(collaboration)
            )
            .exclude(pk=me.pk)
            .distinct()
            .order_by("first_name", "username")[:8]
        )
        people += list(members)
    if len(people) < 2:
        raise Invalid(
            "Voeg eerst een tweede deelnemer toe: een herijking vergelijkt minstens twee antwoorden. "
            "Nodig iemand uit op de pagina Deelnemers, of vul bij stap 2 een contactpersoon in."
        )
    return open_session(
        collaboration,
        title=f"Herijking {nl_date(timezone.localdate())}",
        participants=people,
        steps=[1, 2],
        actor=actor,
    )
