"""Writes on dossiers, subjects and participations (who takes part, with which purposes and clearance).

Every function takes ``actor`` keyword-only and decides the permission itself
(:mod:`opgave.dossiers.permissions`); a refusal is audited and raises ``Forbidden``.
Rules against escalation: a purpose must be the organisation's own register entry or a shared
one; nobody grants a clearance above their own; only the regisseur (or a platform administrator)
accepts, changes or transfers; an organisation never widens its own access.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from opgave.core.actors import Actor
from opgave.core.models import Membership, Organisation, Person, ProcessingActivity
from opgave.dossiers import crypto, permissions
from opgave.dossiers.errors import Conflict, Invalid, invalid
from opgave.dossiers.identifiers import address_key, is_valid_bsn, normalise_bsn
from opgave.dossiers.models import Confidentiality, Dossier, DossierType, Participation, Role, Subject
from opgave.dossiers.services._common import check_revision, deny, record

WRITE = permissions.WRITE


@dataclass(frozen=True)
class SubjectInput:
    """A subject as entered: a person (BSN, name, date of birth) or an address (postcode, number)."""

    relation: str
    bsn: str = ""
    name: str = ""
    birth_date: dt.date | None = None
    postcode: str = ""
    house_number: str = ""


def _reference() -> str:
    return f"D-{timezone.now():%Y}-{secrets.token_hex(3).upper()}"


def _subject(dossier: Dossier, data: SubjectInput, index: int) -> Subject:
    field = f"subjects[{index}]"
    if data.relation not in Subject.Relation.values:
        raise invalid(f"{field}.relation", "Kies een bestaande relatie.")
    if data.postcode or data.house_number:
        key = address_key(data.postcode, data.house_number)
        if key is None:
            raise invalid(f"{field}.postcode", "Vul een geldige postcode (1234 AB) en een huisnummer in.")
        key_id, pseudonym = crypto.pseudonym(key, "adres")
        details = {"postcode": key.split(":")[0], "huisnummer": key.split(":")[1], "naam": data.name[:120]}
        kind = Subject.Kind.ADDRESS
    else:
        if not is_valid_bsn(data.bsn):
            raise invalid(f"{field}.bsn", "Dit is geen geldig burgerservicenummer (de elfproef klopt niet).")
        if not data.name.strip():
            raise invalid(f"{field}.name", "Vul de naam in, zodat collega's de betrokkene herkennen.")
        key_id, pseudonym = crypto.pseudonym(normalise_bsn(data.bsn))
        details = {
            "naam": data.name.strip()[:120],
            "geboortedatum": data.birth_date.isoformat() if data.birth_date else "",
        }
        kind = Subject.Kind.PERSON
    if dossier.subjects.filter(pseudonym=pseudonym).exists():
        raise invalid(f"{field}", "Deze betrokkene staat al in het dossier.")
    return Subject.objects.create(
        dossier=dossier,
        kind=kind,
        pseudonym=pseudonym,
        key_id=key_id,
        relation=data.relation,
        details=crypto.encrypt(json.dumps(details, ensure_ascii=False)),
    )


def _purposes(
    organisation: Organisation, codes: Sequence[str], field: str = "purposes"
) -> list[ProcessingActivity]:
    if not codes:
        raise invalid(field, "Kies ten minste één doel uit het register van verwerkingsactiviteiten.")
    found = list(ProcessingActivity.objects.filter(code__in=list(codes)))
    if len(found) != len(set(codes)):
        raise invalid(field, "Niet elk doel staat in het register van verwerkingsactiviteiten.")
    for activity in found:
        if not permissions.may_claim_purpose(organisation, activity):
            raise invalid(
                field,
                f"Het doel '{activity.name}' hoort bij een andere verwerkingsverantwoordelijke; "
                "kies een doel van je eigen organisatie of een gedeeld doel.",
            )
    return found


def _contact(organisation: Organisation, contact: Person | None) -> Person | None:
    if contact is None:
        return None
    if not Membership.objects.filter(person=contact, organisation=organisation).exists():
        raise invalid("contact", "De contactpersoon werkt niet bij deze organisatie.")
    return contact


def create_dossier(
    *,
    actor: Actor,
    kind: str,
    title: str,
    subjects: Iterable[SubjectInput],
    role: str,
    purposes: Sequence[str],
    clearance: int = Confidentiality.NORMAAL,
    regisseur: bool = True,
) -> Dossier:
    """Start a dossier; the actor's organisation takes part at once (the starter needs no acceptance)."""
    organisation = permissions.acting_organisation(actor, WRITE)
    if organisation is None:
        raise deny(actor, "dossier.create", None, "Kies eerst de organisatie waarvoor je werkt.")
    if kind not in DossierType.values:
        raise invalid("kind", "Kies een bestaande dossiersoort.")
    if role not in Role.values:
        raise invalid("role", "Kies een bestaande rol.")
    if clearance not in Confidentiality.values:
        raise invalid("clearance", "Kies een bestaand vertrouwelijkheidsniveau.")
    if not title.strip() or len(title) > 120:
        raise invalid(
            "title", "Geef het dossier een werktitel van hoogstens 120 tekens, zonder persoonsgegevens."
        )
    inputs = list(subjects)
    if not inputs:
        raise invalid("subjects", "Een dossier gaat over ten minste één betrokkene of adres.")
    activities = _purposes(organisation, purposes)
    with transaction.atomic():
        dossier = Dossier.objects.create(
            reference=_reference(), kind=kind, title=title.strip(), created_by=organisation
        )
        for index, data in enumerate(inputs):
            _subject(dossier, data, index)
        part = Participation.objects.create(
            dossier=dossier,
            organisation=organisation,
            role=role,
            is_regisseur=regisseur,
            clearance=clearance,
            contact=actor.person,
            status=Participation.Status.ACTIVE,
            accepted_at=timezone.now(),
        )
        part.purposes.set(activities)
        record(actor, "dossier.create", dossier, {"kind": kind, "subjects": len(inputs)})
        from opgave.dossiers.services.obligations import refresh

        refresh(dossier, actor=Actor.system(origin="dossier.create"))
    return dossier


def add_subject(*, actor: Actor, dossier: Dossier, subject: SubjectInput) -> Subject:
    if not permissions.can_manage_participants(actor, dossier):
        raise deny(actor, "dossier.subject.add", dossier, "Alleen de regisseur voegt betrokkenen toe.")
    with transaction.atomic():
        created = _subject(dossier, subject, 0)
        record(actor, "dossier.subject.add", dossier, {"subject": str(created.uuid)})
    return created


def request_participation(
    *,
    actor: Actor,
    dossier: Dossier,
    role: str,
    purposes: Sequence[str],
    clearance: int = Confidentiality.NORMAAL,
) -> Participation:
    """The actor's organisation asks to join; it sees nothing until the regisseur accepts."""
    organisation = permissions.acting_organisation(actor, WRITE)
    if organisation is None:
        raise deny(actor, "participation.request", dossier, "Kies eerst de organisatie waarvoor je werkt.")
    if role not in Role.values:
        raise invalid("role", "Kies een bestaande rol.")
    if clearance not in Confidentiality.values:
        raise invalid("clearance", "Kies een bestaand vertrouwelijkheidsniveau.")
    activities = _purposes(organisation, purposes)
    try:
        with transaction.atomic():
            part = Participation.objects.create(
                dossier=dossier,
                organisation=organisation,
                role=role,
                clearance=clearance,
                contact=actor.person,
                status=Participation.Status.REQUESTED,
            )
            part.purposes.set(activities)
            record(actor, "participation.request", part, {"dossier": str(dossier.uuid), "role": role})
    except IntegrityError:
        raise Conflict(
            "Je organisatie neemt al deel aan dit dossier of heeft al een aanvraag lopen."
        ) from None
    _tell_regisseur(dossier, "Nieuwe aanvraag om deel te nemen", f"{organisation.name} wil deelnemen.")
    return part


def _tell_regisseur(dossier: Dossier, title: str, body: str) -> None:
    from opgave.dossiers.notify import notify_organisation

    regie = dossier.participations.filter(status=Participation.Status.ACTIVE, is_regisseur=True).first()
    if regie is not None:
        notify_organisation(regie, kind="dossier.participation", title=title, body=body, dossier=dossier)


def decide_participation(
    *, actor: Actor, participation: Participation, accept: bool, clearance: int | None = None
) -> Participation:
    """The regisseur (or a platform administrator) accepts or refuses a request to join.

    The clearance granted is the one requested, lowered to ``clearance`` if given; it can never
    exceed the accepting regisseur's own clearance.
    """
    dossier = participation.dossier
    action = "participation.accept" if accept else "participation.refuse"
    if not permissions.can_manage_participants(actor, dossier):
        raise deny(actor, action, participation, "Alleen de regisseur beslist over deelname.")
    if participation.status != Participation.Status.REQUESTED:
        raise Conflict("Over deze aanvraag is al beslist.")
    if accept and _acts_for(actor, participation.organisation_id):
        # separation of duties: nobody lets their own organisation in (a platform administrator
        # who is also a member of the requesting organisation included)
        raise deny(
            actor, action, participation, "Je kunt de aanvraag van je eigen organisatie niet accepteren."
        )
    granted = participation.clearance if clearance is None else min(int(clearance), participation.clearance)
    if accept and not permissions.may_grant_clearance(actor, dossier, granted):
        raise deny(
            actor,
            action,
            participation,
            "Je kunt geen hoger vertrouwelijkheidsniveau toekennen dan je zelf hebt.",
        )
    with transaction.atomic():
        locked = Participation.objects.select_for_update().get(pk=participation.pk)
        if locked.status != Participation.Status.REQUESTED:
            raise Conflict("Over deze aanvraag is al beslist.")
        locked.status = Participation.Status.ACTIVE if accept else Participation.Status.REFUSED
        locked.clearance = granted
        locked.accepted_at = timezone.now() if accept else None
        locked.revision += 1
        locked.save()
        record(actor, action, locked, {"dossier": str(dossier.uuid), "clearance": granted})
        _touch(dossier)
    from opgave.dossiers.notify import notify_organisation

    notify_organisation(
        locked,
        kind="dossier.participation",
        title="Deelname geaccepteerd" if accept else "Deelname geweigerd",
        body=f"Dossier {dossier.reference}",
        dossier=dossier,
    )
    return locked


def leave(*, actor: Actor, participation: Participation) -> Participation:
    """The organisation leaves (or the regisseur removes it): access ends at this moment."""
    dossier = participation.dossier
    own = permissions.participation(actor, dossier, WRITE)
    allowed = (own is not None and own.pk == participation.pk) or permissions.can_manage_participants(
        actor, dossier
    )
    if not allowed:
        raise deny(
            actor, "participation.leave", participation, "Je kunt alleen je eigen deelname beëindigen."
        )
    if participation.status not in (Participation.Status.ACTIVE, Participation.Status.REQUESTED):
        raise Conflict("Deze deelname is al beëindigd.")
    with transaction.atomic():
        locked = Participation.objects.select_for_update().get(pk=participation.pk)
        locked.status = Participation.Status.LEFT
        locked.is_regisseur = False
        locked.left_at = timezone.now()
        locked.revision += 1
        locked.save()
        record(actor, "participation.leave", locked, {"dossier": str(dossier.uuid)})
        _touch(dossier)
    return locked


def change_participation(
    *,
    actor: Actor,
    participation: Participation,
    expected_revision: int | None,
    role: str | None = None,
    purposes: Sequence[str] | None = None,
    clearance: int | None = None,
) -> Participation:
    """The regisseur changes a participant's role, purposes or clearance (never widening its own)."""
    dossier = participation.dossier
    if not permissions.can_manage_participants(actor, dossier):
        raise deny(actor, "participation.update", participation, "Alleen de regisseur wijzigt een deelname.")
    check_revision(participation, expected_revision)
    if participation.status != Participation.Status.ACTIVE:
        raise Conflict("Alleen een actieve deelname kan worden gewijzigd.")
    # one's own organisation's access is never widened by oneself, platform administrator or not
    is_own = _acts_for(actor, participation.organisation_id)
    changes: dict[str, object] = {}
    activities = None
    if purposes is not None:
        activities = _purposes(participation.organisation, purposes)
        current = {p.pk for p in participation.purposes.all()}
        if is_own and {a.pk for a in activities} - current:
            raise deny(
                actor,
                "participation.update",
                participation,
                "Je kunt de doelen van je eigen organisatie niet uitbreiden.",
            )
        changes["purposes"] = sorted(a.code for a in activities)
    if clearance is not None:
        if clearance not in Confidentiality.values:
            raise invalid("clearance", "Kies een bestaand vertrouwelijkheidsniveau.")
        if is_own and clearance > participation.clearance:
            raise deny(
                actor,
                "participation.update",
                participation,
                "Je kunt je eigen vertrouwelijkheidsniveau niet verhogen.",
            )
        if clearance > participation.clearance and not permissions.may_grant_clearance(
            actor, dossier, clearance
        ):
            raise deny(
                actor,
                "participation.update",
                participation,
                "Je kunt geen hoger niveau toekennen dan je zelf hebt.",
            )
        changes["clearance"] = clearance
    if role is not None:
        if role not in Role.values:
            raise invalid("role", "Kies een bestaande rol.")
        changes["role"] = role
    with transaction.atomic():
        locked = Participation.objects.select_for_update().get(pk=participation.pk)
        check_revision(locked, expected_revision)
        if activities is not None:
            locked.purposes.set(activities)
        if clearance is not None:
            locked.clearance = clearance
        if role is not None:
            locked.role = role
        locked.revision += 1
        locked.save()
        record(actor, "participation.update", locked, {"changes": changes})
        _touch(dossier)
    return locked


def transfer_regisseur(*, actor: Actor, dossier: Dossier, to: Participation) -> Participation:
    """Make another active participant the regisseur. Changes who decides, never who sees what."""
    if not permissions.can_manage_participants(actor, dossier):
        raise deny(actor, "dossier.regisseur", dossier, "Alleen de regisseur draagt de regie over.")
    if to.dossier_id != dossier.pk or to.status != Participation.Status.ACTIVE:
        raise Invalid("Alleen een actieve deelnemer kan regisseur worden.")
    with transaction.atomic():
        Participation.objects.filter(dossier=dossier, is_regisseur=True).update(is_regisseur=False)
        Participation.objects.filter(pk=to.pk).update(is_regisseur=True, revision=to.revision + 1)
        record(actor, "dossier.regisseur", dossier, {"regisseur": str(to.organisation.uuid)})
        _touch(dossier)
    to.refresh_from_db()
    return to


def _acts_for(actor: Actor, organisation_id: int) -> bool:
    """Whether ``actor`` acts for the organisation ``organisation_id`` (a person or a token of it)."""
    if actor.is_system:
        return False
    organisation = permissions.acting_organisation(actor, WRITE)
    return organisation is not None and organisation.pk == organisation_id


def _touch(dossier: Dossier) -> None:
    """A change of state: bump the revision and re-derive the obligations (same transaction)."""
    Dossier.objects.filter(pk=dossier.pk).update(revision=dossier.revision + 1, updated_at=timezone.now())
    dossier.refresh_from_db()
    from opgave.dossiers.services.obligations import refresh

    refresh(dossier, actor=Actor.system(origin="dossier.change"))
