"""Who comes in: requests to join, invitations (to a person, an organisation or an e-mail address)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from opgave.collaborations import permissions
from opgave.collaborations.design import Party, parse_design
from opgave.collaborations.models import (
    Collaboration,
    Invitation,
    JoinRequest,
    Participation,
    RequestStatus,
)
from opgave.collaborations.services._common import Actor, deny, record, require_person
from opgave.core.exceptions import Conflict, Invalid, NotFound
from opgave.core.models import Organisation, Person
from opgave.notifications.services import notify

TOKEN_BYTES = 32


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


WRITE_SCOPE = "collaborations:write"


def _manager(actor: Actor, action: str, obj: Any, collaboration: Collaboration) -> Person:
    """Who answers for a facilitator's decision about newcomers: the person acting, or the issuer
    of the API token acting (a token of an owner organisation with ``collaborations:write``).

    A token never does more than its issuer could (``permissions`` bounds it by the issuer's
    current membership); a token the system issued has nobody to answer for it and is refused."""
    if actor.token is not None and not actor.has_scope(WRITE_SCOPE):
        raise deny(actor, action, obj, f"Dit API-token heeft niet de scope '{WRITE_SCOPE}'.")
    if not actor.is_known or not permissions.can_manage(actor.principal, collaboration):
        raise deny(actor, action, obj, "Alleen de facilitator of een eigenaar beslist over deelname.")
    person = actor.person if actor.token is None else actor.issuer
    if person is None:
        raise deny(
            actor,
            action,
            obj,
            "Dit API-token is door het systeem uitgegeven; niemand tekent voor dit besluit.",
        )
    return person


def _managers(collaboration: Collaboration) -> list[Person]:
    """Who decides about newcomers: the collaboration's facilitators (else nobody is notified)."""
    return list(collaboration.facilitators.filter(is_active=True))


def admit(collaboration: Collaboration, organisation: Organisation, person: Person | None) -> None:
    """Add ``organisation`` as an active party (participation and step 2 of the working draft)."""
    now = timezone.now()
    row = Participation.objects.filter(collaboration=collaboration, organisation=organisation).first()
    if row is None:
        Participation.objects.create(collaboration=collaboration, organisation=organisation, joined_at=now)
    elif row.left_at is not None:
        row.left_at = None
        row.joined_at = now
        row.save(update_fields=["left_at", "joined_at"])
    locked = Collaboration.objects.select_for_update().get(pk=collaboration.pk)
    draft = parse_design(locked.draft).to_json()
    parties = draft["step2"]["parties"]
    if not any(p.get("organisation") == str(organisation.uuid) and p.get("left_on") is None for p in parties):
        party = Party(
            organisation=str(organisation.uuid),
            organisation_name=organisation.name,
            contact_person=str(person.uuid) if person is not None else "",
            contact_name=str(person) if person is not None else "",
            joined_on=timezone.localdate(),
        )
        parties.append(party.model_dump(mode="json"))
        locked.draft = draft
        locked.revision += 1
        locked.save(update_fields=["draft", "revision", "updated_at"])


# --- requests to join ---------------------------------------------------------------------------


def request_to_join(
    collaboration: Collaboration, *, actor: Actor, organisation: Organisation, motivation: str
) -> JoinRequest:
    """A person who sees the public page asks to take part, for one of their organisations."""
    person = require_person(actor, "collaboration.join.request", collaboration)
    if organisation.pk not in permissions.organisation_ids(person):
        raise deny(
            actor,
            "collaboration.join.request",
            collaboration,
            "Je kunt alleen vragen mee te doen namens een organisatie waarvan je lid bent.",
        )
    if permissions.can_view_private(person, collaboration):
        raise Conflict("Je doet al mee aan deze samenwerking.")
    if not motivation.strip():
        raise Invalid(
            "Schrijf kort waarom je wilt meedoen.", [{"field": "motivation", "message": "Verplicht."}]
        )
    with transaction.atomic():
        if JoinRequest.objects.filter(
            collaboration=collaboration, person=person, status=RequestStatus.PENDING
        ).exists():
            raise Conflict("Je hebt al gevraagd om mee te doen; de facilitator beslist daarover.")
        item = JoinRequest.objects.create(
            collaboration=collaboration,
            person=person,
            organisation=organisation,
            motivation=motivation.strip()[:4000],
            created_at=timezone.now(),
        )
        record(actor, "collaboration.join.request", item, {"collaboration": str(collaboration.uuid)})
        for manager in _managers(collaboration):
            notify(
                recipient=manager,
                kind="join.requested",
                title=f"Iemand van {organisation.name} vraagt mee te doen aan '{collaboration.name}'",
                body="Bekijk het verzoek en accepteer of wijs het af, met een toelichting.",
                url=reverse("collaborations:members", args=[collaboration.uuid]),
            )
    return item


def decide_join_request(
    join_request: JoinRequest, *, actor: Actor, accept: bool, reason: str = ""
) -> JoinRequest:
    """A facilitator accepts (the organisation becomes a party) or declines (a reason is required)."""
    collaboration = join_request.collaboration
    decider = _manager(actor, "collaboration.join.decide", join_request, collaboration)
    if not accept and not reason.strip():
        raise Invalid(
            "Geef een reden waarom je het verzoek afwijst.",
            [{"field": "reason", "message": "Verplicht bij afwijzen."}],
        )
    with transaction.atomic():
        locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        if locked.status != RequestStatus.PENDING:
            raise Conflict("Over dit verzoek is al besloten.")
        locked.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
        locked.reason = reason.strip()[:4000]
        locked.decided_by = decider
        locked.decided_at = timezone.now()
        locked.revision += 1
        locked.save()
        if accept:
            admit(collaboration, locked.organisation, locked.person)
        record(actor, "collaboration.join.decide", locked, {"accepted": accept})
        notify(
            recipient=locked.person,
            kind="join.decided",
            title=(
                f"Je doet nu mee aan '{collaboration.name}'"
                if accept
                else f"Je verzoek om mee te doen aan '{collaboration.name}' is afgewezen"
            ),
            body=locked.reason,
            url=reverse("collaborations:detail", args=[collaboration.uuid]),
        )
    return locked


# --- invitations --------------------------------------------------------------------------------


def invite(
    collaboration: Collaboration,
    *,
    actor: Actor,
    person: Person | None = None,
    organisation: Organisation | None = None,
    email: str = "",
    message: str = "",
) -> tuple[Invitation, str]:
    """Invite one person, one organisation, or one e-mail address. Returns the invitation and, for
    an e-mail invitation, the one-time token (only its hash is stored; it is sent in the link)."""
    from opgave.collaborations import tasks

    inviter = _manager(actor, "collaboration.invite", collaboration, collaboration)
    chosen = [bool(person), bool(organisation), bool(email.strip())]
    if sum(chosen) != 1:
        raise Invalid("Nodig één persoon, één organisatie of één e-mailadres tegelijk uit.")
    if email.strip():
        try:
            validate_email(email.strip())
        except DjangoValidationError:
            raise Invalid(
                "Dit is geen geldig e-mailadres.",
                [{"field": "email", "message": "Vul een e-mailadres in zoals naam@organisatie.nl."}],
            ) from None
    if person is not None and not person.is_active:
        raise Invalid(
            "Deze persoon heeft geen actief account.",
            [{"field": "person", "message": "Geen actief account."}],
        )
    now = timezone.now()
    token = ""
    with transaction.atomic():
        invitation = Invitation(
            collaboration=collaboration,
            invited_by=inviter,
            person=person,
            organisation=organisation,
            email=email.strip().lower()[:254],
            message=message.strip()[:4000],
            created_at=now,
            expires_at=now + timedelta(days=int(settings.OPGAVE_INVITATION_DAYS)),
        )
        if invitation.email:
            token = secrets.token_urlsafe(TOKEN_BYTES)
            invitation.token_hash = _hash(token)
        invitation.save()
        record(actor, "collaboration.invite", invitation, {"kind": _kind(invitation)})
        url = reverse("collaborations:invitation", args=[invitation.uuid])
        for recipient in _invitees(invitation):
            notify(
                recipient=recipient,
                kind="invitation.received",
                title=f"Je bent uitgenodigd voor '{collaboration.name}'",
                body=invitation.message,
                url=url,
            )
        if token:
            tasks.send_invitation_email.enqueue(str(invitation.uuid), tasks.seal_token(token))
    return invitation, token


def _kind(invitation: Invitation) -> str:
    return "person" if invitation.person_id else "organisation" if invitation.organisation_id else "email"


def _invitees(invitation: Invitation) -> list[Person]:
    if invitation.person is not None:
        return [invitation.person]
    if invitation.organisation is not None:
        return [
            m.person
            for m in invitation.organisation.memberships.select_related("person")
            if m.person.is_active
        ]
    return []


def may_answer(person: Any, invitation: Invitation) -> bool:
    """The invited person, or a member of the invited organisation (an e-mail invitation needs its token)."""
    me = permissions.person_of(person)
    if me is None:
        return False
    if invitation.person_id is not None:
        return invitation.person_id == me.pk
    if invitation.organisation_id is not None:
        return invitation.organisation_id in permissions.organisation_ids(me)
    return False


def _only_organisation(person: Person) -> Organisation | None:
    """The person's organisation when there is exactly one (nothing to choose), else ``None``."""
    own = list(Organisation.objects.filter(memberships__person=person).distinct()[:2])
    return own[0] if len(own) == 1 else None


def invitation_by_token(token: str) -> Invitation:
    found = Invitation.objects.select_related("collaboration").filter(token_hash=_hash(token or "")).first()
    if found is None or not token:
        raise NotFound("Deze uitnodiging bestaat niet (meer).")
    return found


def answer_invitation(
    invitation: Invitation,
    *,
    actor: Actor,
    accept: bool,
    organisation: Organisation | None = None,
    token: str = "",
) -> Invitation:
    """Accept (the chosen organisation of the person becomes a party) or decline an invitation.

    An e-mail invitation is answered with its token by any signed-in person; it is single-use and
    expires (``OPGAVE_INVITATION_DAYS``)."""
    person = require_person(actor, "collaboration.invitation.answer", invitation)
    by_token = (
        bool(invitation.token_hash)
        and bool(token)
        and secrets.compare_digest(_hash(token), invitation.token_hash)
    )
    if not (by_token or may_answer(person, invitation)):
        raise deny(actor, "collaboration.invitation.answer", invitation, "Deze uitnodiging is niet voor jou.")
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.status != RequestStatus.PENDING:
            raise Conflict("Deze uitnodiging is al gebruikt of ingetrokken.")
        if locked.expires_at <= timezone.now():
            raise Conflict("Deze uitnodiging is verlopen. Vraag de facilitator om een nieuwe.")
        if accept:
            org = locked.organisation or organisation or _only_organisation(person)
            if org is None or org.pk not in permissions.organisation_ids(person):
                raise Invalid(
                    "Kies namens welke van je organisaties je meedoet.",
                    [{"field": "organisation", "message": "Kies een van je eigen organisaties."}],
                )
            admit(locked.collaboration, org, person)
        locked.status = RequestStatus.ACCEPTED if accept else RequestStatus.DECLINED
        locked.accepted_by = person
        locked.decided_at = timezone.now()
        locked.token_hash = ""  # single use: the link no longer works
        locked.revision += 1
        locked.save()
        record(actor, "collaboration.invitation.answer", locked, {"accepted": accept})
        notify(
            recipient=locked.invited_by,
            kind="invitation.answered",
            title=f"Je uitnodiging voor '{locked.collaboration.name}' is {'aangenomen' if accept else 'afgeslagen'}",
            url=reverse("collaborations:members", args=[locked.collaboration.uuid]),
        )
    return locked


def revoke_invitation(invitation: Invitation, *, actor: Actor) -> Invitation:
    """A facilitator withdraws a pending invitation: its link stops working, nobody can accept it."""
    _manager(actor, "collaboration.invitation.revoke", invitation, invitation.collaboration)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.status != RequestStatus.PENDING:
            raise Conflict("Deze uitnodiging is al beantwoord of ingetrokken.")
        locked.status = RequestStatus.WITHDRAWN
        locked.token_hash = ""
        locked.decided_at = timezone.now()
        locked.revision += 1
        locked.save()
        record(actor, "collaboration.invitation.revoke", locked, {"kind": _kind(locked)})
    return locked


def find_invitation(uuid: Any) -> Invitation:
    """The invitation with this id, before the service decides who may act on it (404 if none)."""
    try:
        return Invitation.objects.select_related("collaboration", "organisation", "person").get(uuid=uuid)
    except (Invitation.DoesNotExist, ValueError, TypeError, DjangoValidationError):
        raise NotFound("Deze uitnodiging bestaat niet.") from None


def find_join_request(collaboration: Collaboration, uuid: Any) -> JoinRequest:
    """A request to join this collaboration, before the service decides who may act on it."""
    try:
        return JoinRequest.objects.select_related("collaboration", "person", "organisation").get(
            collaboration=collaboration, uuid=uuid
        )
    except (JoinRequest.DoesNotExist, ValueError, TypeError, DjangoValidationError):
        raise NotFound("Dit verzoek bestaat niet.") from None
